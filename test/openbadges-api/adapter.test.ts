import { expect, test } from 'vitest';
import { createUser } from '../../src/accounts/api.ts';
import { forgetPerson, personalRecords } from '../../src/openbadges-api/api.ts';
import { KyselyAdapter, purgeExpired } from '../../src/openbadges-api/oauth/adapter.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the OAuth server’s storage (Kysely adapter)', (ctx) => {
  test('upsert, find, consume, destroy and revoke by grant, as oidc-provider expects', async () => {
    const tokens = new KyselyAdapter(ctx().db, 'AccessToken');
    const codes = new KyselyAdapter(ctx().db, 'AuthorizationCode');
    const sessions = new KyselyAdapter(ctx().db, 'Session');
    await tokens.upsert('at-1', { accountId: 'a', clientId: 'c', grantId: 'g-1', scope: 's' }, 60);
    await tokens.upsert('at-2', { accountId: 'a', clientId: 'c', grantId: 'g-2' }, 60);
    await codes.upsert('code-1', { grantId: 'g-1' }, 60);
    await sessions.upsert('s-1', { uid: 'uid-1', accountId: 'a' }, 60);

    expect(await tokens.find('at-1')).toMatchObject({ accountId: 'a', scope: 's' });
    expect(await codes.find('at-1')).toBeUndefined();
    expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: 'a' });
    // Upsert replaces.
    await tokens.upsert('at-1', { accountId: 'a', clientId: 'c', grantId: 'g-1', scope: 's t' }, 60);
    expect((await tokens.find('at-1'))?.scope).toBe('s t');

    await codes.consume('code-1');
    expect((await codes.find('code-1'))?.consumed).toBeTypeOf('number');

    await tokens.revokeByGrantId('g-1');
    await codes.revokeByGrantId('g-1');
    expect(await tokens.find('at-1')).toBeUndefined();
    expect(await codes.find('code-1')).toBeUndefined();
    expect(await tokens.find('at-2')).toBeDefined();
    await tokens.destroy('at-2');
    expect(await tokens.find('at-2')).toBeUndefined();
  });

  test('records long past their expiry are not found and are purged', async () => {
    const tokens = new KyselyAdapter(ctx().db, 'AccessToken');
    await tokens.upsert('old', { accountId: 'a' }, -3600);
    await tokens.upsert('recent', { accountId: 'a' }, 60);
    expect(await tokens.find('old')).toBeUndefined();
    expect(await purgeExpired(ctx().db)).toBeGreaterThanOrEqual(1);
    expect(await tokens.find('recent')).toBeDefined();
  });

  test('an app registration nobody uses is removed after 30 days, with its registration token; use keeps it', async () => {
    const clients = new KyselyAdapter(ctx().db, 'Client');
    const registrationTokens = new KyselyAdapter(ctx().db, 'RegistrationAccessToken');
    const grants = new KyselyAdapter(ctx().db, 'Grant');
    const refreshTokens = new KyselyAdapter(ctx().db, 'RefreshToken');
    const day = 24 * 60 * 60 * 1000;
    const later = (days: number) => new Date(Date.now() + days * day);
    const expiry = async (id: string) =>
      (await ctx().db.selectFrom('oauth_models').select('expires_at').where('kind', '=', 'Client').where('id', '=', id).executeTakeFirst())
        ?.expires_at ?? null;
    for (const id of ['unused', 'approved', 'refreshed']) {
      await clients.upsert(id, { client_id: id });
      await registrationTokens.upsert(`rat-${id}`, { clientId: id });
      expect(await clients.find(id)).toMatchObject({ client_id: id });
    }
    expect((await expiry('unused'))?.getTime()).toBeGreaterThan(later(29.9).getTime());
    // A person approves one (an approval lasts a year); another gets a refresh token (90 days) in 40 days' time, as it were.
    await grants.upsert('grant-1', { accountId: 'a', clientId: 'approved' }, 365 * 24 * 60 * 60);
    await refreshTokens.upsert('rt-1', { accountId: 'a', clientId: 'refreshed', grantId: 'g' }, 90 * 24 * 60 * 60);
    // The app updating its registration does not shorten it.
    await clients.upsert('approved', { client_id: 'approved', client_name: 'Renamed' });
    expect((await expiry('approved'))?.getTime()).toBeGreaterThan(later(364).getTime());

    await purgeExpired(ctx().db, later(31));
    expect(await clients.find('unused')).toBeUndefined();
    expect(await registrationTokens.find('rat-unused')).toBeUndefined();
    expect(await clients.find('approved')).toMatchObject({ client_name: 'Renamed' });
    expect(await clients.find('refreshed')).toBeDefined();
    expect(await registrationTokens.find('rat-refreshed')).toBeDefined();

    await purgeExpired(ctx().db, later(91));
    expect(await clients.find('refreshed')).toBeUndefined();
    expect(await registrationTokens.find('rat-refreshed')).toBeUndefined();
    expect(await clients.find('approved')).toBeDefined();
    await purgeExpired(ctx().db, later(366));
    expect(await clients.find('approved')).toBeUndefined();
  });

  test('a person’s records: listed without token values for the export, all removed for account deletion', async () => {
    const { id } = await createUser(ctx().db, { email: 'forget@example.org', name: 'Forget Me', password: 'correct horse battery' });
    const grants = new KyselyAdapter(ctx().db, 'Grant');
    const tokens = new KyselyAdapter(ctx().db, 'AccessToken');
    await grants.upsert('grant-x', { accountId: id, clientId: 'c', openid: { scope: 'x' } }, 3600);
    await tokens.upsert('secret-token-value', { jti: 'secret-token-value', accountId: id, clientId: 'c', grantId: 'grant-x' }, 3600);
    await tokens.upsert('someone-else', { accountId: 'other', clientId: 'c', grantId: 'grant-y' }, 3600);
    const records = await personalRecords(ctx(), id);
    expect(records.map((r) => r.kind).sort()).toEqual(['AccessToken', 'Grant']);
    expect(JSON.stringify(records)).not.toContain('secret-token-value');
    expect(await forgetPerson(ctx(), id)).toBe(2);
    expect(await personalRecords(ctx(), id)).toEqual([]);
    expect(await tokens.find('someone-else')).toBeDefined();
  });

  test('the module takes part in the personal data export and account deletion (personalData hook)', async () => {
    const { id } = await createUser(ctx().db, { email: 'hook@example.org', name: 'Hook', password: 'correct horse battery' });
    const hook = ctx().modules.find((m) => m.name === 'openbadges-api')?.personalData;
    expect(hook?.tables).toEqual(['oauth_models']);
    await new KyselyAdapter(ctx().db, 'Grant').upsert('grant-hook', { accountId: id, clientId: 'c' }, 3600);
    await new KyselyAdapter(ctx().db, 'RefreshToken').upsert('rt-hook', { accountId: id, clientId: 'c', grantId: 'grant-hook' }, 3600);
    const subject = { userId: id, emails: ['hook@example.org'] };
    const exported = await hook?.export(ctx(), subject);
    expect(exported?.oauth_models).toHaveLength(2);
    expect(JSON.stringify(exported)).not.toContain('rt-hook');
    await hook?.erase(ctx(), subject, 'pseudonym');
    expect(await personalRecords(ctx(), id)).toEqual([]);
  });
});
