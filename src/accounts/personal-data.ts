import type { PersonalDataHook } from '../platform/module.ts';

/**
 * The accounts module's rows about a person: the account (without its password hash), sessions
 * and API tokens (without their hashes), single-use links, extra addresses, memberships,
 * invitations to or from them, and attempts on their addresses. Erasing removes the account
 * (which takes sessions, tokens, links, addresses, memberships and the invitations they sent with
 * it) and the invitations and attempts for their addresses.
 */
export const accountsPersonalData: PersonalDataHook = {
  tables: ['users', 'sessions', 'api_tokens', 'email_tokens', 'email_addresses', 'memberships', 'invitations', 'sign_in_attempts'],

  async export(ctx, { userId, emails }) {
    const db = ctx.db;
    const addresses = [...emails];
    const [users, sessions, apiTokens, emailTokens, emailAddresses, memberships, invitations, attempts] = await Promise.all([
      db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'email_confirmed_at', 'is_operator', 'locale', 'created_at'])
        .where('id', '=', userId)
        .execute(),
      db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
      db.selectFrom('api_tokens').select(['id', 'name', 'prefix', 'created_at', 'last_used_at']).where('user_id', '=', userId).execute(),
      db.selectFrom('email_tokens').select(['purpose', 'created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).execute(),
      db.selectFrom('email_addresses').select(['id', 'email', 'confirmed_at', 'created_at']).where('user_id', '=', userId).execute(),
      db
        .selectFrom('memberships')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select(['organisations.slug', 'organisations.name', 'memberships.role', 'memberships.created_at'])
        .where('memberships.user_id', '=', userId)
        .execute(),
      db
        .selectFrom('invitations')
        .select(['id', 'organisation_id', 'email', 'role', 'invited_by', 'expires_at', 'accepted_at', 'accepted_by', 'created_at'])
        .where((eb) => {
          const own = [eb('invited_by', '=', userId), eb('accepted_by', '=', userId)];
          return eb.or(addresses.length ? [...own, eb('email', 'in', addresses)] : own);
        })
        .execute(),
      addresses.length
        ? db.selectFrom('sign_in_attempts').select(['email', 'created_at']).where('email', 'in', addresses).execute()
        : Promise.resolve([]),
    ]);
    return {
      users,
      sessions,
      api_tokens: apiTokens,
      email_tokens: emailTokens,
      email_addresses: emailAddresses,
      memberships,
      invitations,
      sign_in_attempts: attempts,
    };
  },

  async erase(ctx, { userId, emails }) {
    await ctx.db.transaction().execute(async (trx) => {
      if (emails.length) {
        await trx
          .deleteFrom('invitations')
          .where('email', 'in', [...emails])
          .execute();
        await trx
          .deleteFrom('sign_in_attempts')
          .where('email', 'in', [...emails])
          .execute();
      }
      // Cascades: sessions, API tokens, links, extra addresses, memberships, invitations they sent.
      await trx.deleteFrom('users').where('id', '=', userId).execute();
    });
  },
};
