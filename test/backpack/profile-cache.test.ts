import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listAddresses, removeAddress } from '../../src/accounts/addresses.ts';
import { addToCollection, createCollection, removeFromCollection, updateCollection } from '../../src/backpack/collections.ts';
import { findItems, setItemState } from '../../src/backpack/items.ts';
import { saveProfile } from '../../src/backpack/profile.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { changeCredentialStatus } from '../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { earner, issuerFor } from './support.ts';

/**
 * The public profile is kept between views (src/backpack/profile.ts): every change to what it shows
 * — the person's badges, collections, settings and addresses, and the issuer's state of a badge,
 * and a badge expiring — shows on the very next view.
 */
describeEachDatabase('the public profile kept between views', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('shows every change to what it shows on the next view', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const uri = (n: string) => `http://data.europa.eu/esco/skill/cache-${tag}-${n}`;
    const skills = await insertEscoSkills(ctx(), [
      { uri: uri('weld'), name: { en: `weld pipes ${tag}`, nl: `buizen lassen ${tag}` } },
      { uri: uri('lathe'), name: { en: `turn on a lathe ${tag}`, nl: `draaien ${tag}` } },
      { uri: uri('crane'), name: { en: `drive a crane ${tag}`, nl: `kraan rijden ${tag}` } },
    ]);
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx(), 'Maasdal');
    const weld = await org.issue(me.email, { name: `Welding ${tag}`, skills: [skills[uri('weld')]] });
    await org.issue(me.email, { name: `Lathe ${tag}`, skills: [skills[uri('lathe')]] });
    await org.issue(me.second, { name: `Crane ${tag}`, skills: [skills[uri('crane')]] });
    const items = await findItems(ctx(), me.userId, { sync: true });
    const item = (name: string) => items.find((i) => i.name === `${name} ${tag}`)?.id as string;
    await setItemState(ctx(), me.userId, item('Welding'), 'accepted');
    await setItemState(ctx(), me.userId, item('Crane'), 'accepted');
    const collection = await createCollection(ctx(), me.userId, { name: `Show ${tag}`, description: '', isPublic: true });
    await addToCollection(ctx(), me.userId, collection.id, item('Lathe'));
    const handle = `cache-${tag}`;
    await saveProfile(ctx(), me.userId, { handle, displayName: 'Eva', published: true, showSkills: true });

    const visitor = new Browser(app);
    const view = async () => {
      const page = await visitor.get(`/p/${handle}`);
      expect(page.statusCode).toBe(200);
      return page.body;
    };
    let page = await view();
    expect(page).toContain(`weld pipes ${tag}`);
    expect(page).toContain(`drive a crane ${tag}`);
    expect(page).not.toContain(`turn on a lathe ${tag}`);
    expect(page).toContain(`Lathe ${tag}`);
    expect(await view()).toBe(page);

    // The person's badges: accepting one, hiding one.
    await setItemState(ctx(), me.userId, item('Lathe'), 'accepted');
    expect(await view()).toContain(`turn on a lathe ${tag}`);
    await setItemState(ctx(), me.userId, item('Welding'), 'hidden');
    expect(await view()).not.toContain(`weld pipes ${tag}`);
    await setItemState(ctx(), me.userId, item('Welding'), 'accepted');
    expect(await view()).toContain(`weld pipes ${tag}`);

    // Collections: an item out, the collection private, renamed.
    await removeFromCollection(ctx(), me.userId, collection.id, item('Lathe'));
    expect(await view()).not.toContain(`href="/p/${handle}/badges/${item('Lathe')}" class`);
    await updateCollection(ctx(), me.userId, collection.id, { name: `Renamed ${tag}`, description: '', isPublic: true });
    expect(await view()).toContain(`Renamed ${tag}`);
    await updateCollection(ctx(), me.userId, collection.id, { name: `Renamed ${tag}`, description: '', isPublic: false });
    expect(await view()).not.toContain(`Renamed ${tag}`);

    // The issuer: suspended and reinstated, revoked.
    const suspendable = await createAchievement(ctx(), org.issuer, org.slug, {
      name: `Forklift ${tag}`,
      description: 'd',
      criteriaNarrative: 'c',
      skills: [skills[uri('crane')]],
      suspendable: true,
    });
    await changeCredentialStatus(ctx(), org.issuer, org.slug, weld.id, 'revoke', 'issued in error');
    expect(await view()).not.toContain(`weld pipes ${tag}`);
    const forklift = await issueCredential(ctx(), org.issuer, org.slug, {
      achievementId: suspendable.id,
      recipient: { email: me.email },
      notify: false,
    });
    const forkliftItem = (await findItems(ctx(), me.userId, { sync: true })).find((i) => i.name === `Forklift ${tag}`)?.id as string;
    await setItemState(ctx(), me.userId, forkliftItem, 'accepted');
    expect(await view()).toContain(`Forklift ${tag}`);
    await changeCredentialStatus(ctx(), org.issuer, org.slug, forklift.id, 'suspend', 'checking');
    expect(await view()).not.toContain(`Forklift ${tag}`);
    await changeCredentialStatus(ctx(), org.issuer, org.slug, forklift.id, 'reinstate', 'fine');
    expect(await view()).toContain(`Forklift ${tag}`);

    // A change written straight to the table (as a job or a bench would) counts too.
    await ctx().db.updateTable('backpack_items').set({ state: 'hidden' }).where('id', '=', forkliftItem).execute();
    expect(await view()).not.toContain(`Forklift ${tag}`);

    // The address a badge was issued to, removed: its badge leaves the profile.
    const second = (await listAddresses(ctx().db, me.userId)).find((a) => a.email === me.second);
    await removeAddress(ctx().db, me.userId, second?.id as string);
    expect(await view()).not.toContain(`drive a crane ${tag}`);

    // The settings: the skills hidden, the name changed.
    await saveProfile(ctx(), me.userId, { handle, displayName: 'Eva B.', published: true, showSkills: false });
    page = await view();
    expect(page).toContain('<h1>Eva B.</h1>');
    expect(page).not.toContain(`turn on a lathe ${tag}`);
  });

  test('a badge that expires leaves the skills profile when it expires', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const uri = `http://data.europa.eu/esco/skill/expiry-${tag}`;
    const skills = await insertEscoSkills(ctx(), [{ uri, name: { en: `paint walls ${tag}`, nl: `muren verven ${tag}` } }]);
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    const achievement = await createAchievement(ctx(), org.issuer, org.slug, {
      name: `Painting ${tag}`,
      description: 'd',
      criteriaNarrative: 'c',
      skills: [skills[uri]],
    });
    await issueCredential(ctx(), org.issuer, org.slug, {
      achievementId: achievement.id,
      recipient: { email: me.email },
      validUntil: new Date(Date.now() + 2500),
      notify: false,
    });
    const [item] = await findItems(ctx(), me.userId, { sync: true });
    await setItemState(ctx(), me.userId, item.id, 'accepted');
    const handle = `expiry-${tag}`;
    await saveProfile(ctx(), me.userId, { handle, displayName: 'Eva', published: true, showSkills: true });
    const visitor = new Browser(app);
    expect((await visitor.get(`/p/${handle}`)).body).toContain(`paint walls ${tag}`);
    await new Promise((done) => setTimeout(done, 3000));
    expect((await visitor.get(`/p/${handle}`)).body).not.toContain(`paint walls ${tag}`);
  });
});
