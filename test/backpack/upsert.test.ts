import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { upsertCredential } from '../../src/backpack/api.ts';
import { addToCollection, collectionItems, createCollection } from '../../src/backpack/collections.ts';
import { findItems, setItemState } from '../../src/backpack/items.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { ElsewhereIssuer } from './badges.ts';
import { earner, issuerFor } from './support.ts';

/**
 * upsertCredential (the Open Badges API's) of a credential the backpack holds already replaces the
 * stored copy with the new version (an updated credential: same id, same issuer), keeping what the
 * person did with it; a refused new version, or the same id from another issuer, leaves it as it was.
 */
describeEachDatabase('upserting a credential the backpack holds', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  async function rows(userId: string) {
    return ctx()
      .db.selectFrom('backpack_items')
      .select(['id', 'name', 'state', 'jwt', 'document'])
      .where('user_id', '=', userId)
      .where('source', '=', 'imported')
      .execute();
  }

  test('an updated credential (JSON) replaces the copy, keeping its state and collections', async () => {
    const me = await earner(ctx(), app);
    const bakery = await ElsewhereIssuer.create();
    const first = await bakery.signed(me.email, 'Sourdough');
    const created = await upsertCredential(ctx(), me.userId, JSON.stringify(first));
    expect(created).toMatchObject({ created: true, item: { name: 'Sourdough', state: 'pending' } });
    await setItemState(ctx(), me.userId, created.item.id, 'accepted');
    const collection = await createCollection(ctx(), me.userId, { name: 'Bakes', isPublic: true });
    await addToCollection(ctx(), me.userId, collection.id, created.item.id);

    // The same credential again: held, nothing changes.
    expect(await upsertCredential(ctx(), me.userId, JSON.stringify(first))).toMatchObject({
      created: false,
      item: { id: created.item.id },
    });

    // Version 2 from the same issuer, same id: the stored copy is the new one.
    const second = await bakery.signed(me.email, 'Sourdough, advanced', { id: first.id, validFrom: '2025-06-01T00:00:00Z' });
    const replaced = await upsertCredential(ctx(), me.userId, JSON.stringify(second));
    expect(replaced).toMatchObject({ created: false, item: { id: created.item.id, name: 'Sourdough, advanced', state: 'accepted' } });
    expect(replaced.item.document).toEqual(second);
    const stored = await rows(me.userId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: 'Sourdough, advanced', state: 'accepted', document: second });
    expect((await collectionItems(ctx(), me.userId, [collection.id])).get(collection.id)?.map((i) => i.name)).toEqual([
      'Sourdough, advanced',
    ]);

    // A tampered version 3 is refused, and version 2 stays.
    const third = await bakery.signed(me.email, 'Sourdough, master', { id: first.id });
    third.name = 'Sourdough, grand master';
    await expect(upsertCredential(ctx(), me.userId, JSON.stringify(third))).rejects.toMatchObject({
      status: 422,
      code: 'backpack:errors.importTampered',
    });
    // The same id from another issuer is not an update: refused, version 2 stays.
    const impostor = await ElsewhereIssuer.create();
    const taken = await impostor.signed(me.email, 'Not a sourdough', { id: first.id });
    await expect(upsertCredential(ctx(), me.userId, JSON.stringify(taken))).rejects.toMatchObject({
      status: 409,
      code: 'backpack:errors.importIdTaken',
    });
    expect(await rows(me.userId)).toEqual(stored);
  });

  test('an updated VC-JWT replaces the stored JWS', async () => {
    const me = await earner(ctx(), app);
    const bakery = await ElsewhereIssuer.create();
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const v1 = await bakery.jwt(me.email, 'Rye', { id });
    const v2 = await bakery.jwt(me.email, 'Rye, advanced', { id });
    expect((await upsertCredential(ctx(), me.userId, v1)).created).toBe(true);
    const replaced = await upsertCredential(ctx(), me.userId, v2);
    expect(replaced).toMatchObject({ created: false, item: { name: 'Rye, advanced', jwt: v2 } });
    expect((await rows(me.userId)).map((r) => r.jwt)).toEqual([v2]);
  });

  test('a badge issued in this network is the issuer’s record: answered as held, not copied', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx(), 'School');
    const issued = await org.issue(me.email, { name: 'Network badge' });
    const [item] = await findItems(ctx(), me.userId, { sync: true });
    const answer = await upsertCredential(ctx(), me.userId, JSON.stringify(issued.document));
    expect(answer).toMatchObject({ created: false, item: { id: item.id, source: 'issued', name: 'Network badge' } });
    expect(await rows(me.userId)).toEqual([]);
  });
});
