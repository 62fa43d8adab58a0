import type { Kysely } from 'kysely';
import { randomToken, sha256 } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { Authentication } from '../platform/http/auth.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';

export type { CurrentUser };

/** The cookie that holds a session's token. */
export const SESSION_COOKIE = 'vaardig_session';
export const SESSION_DAYS = 30;
export const API_TOKEN_PREFIX = 'vdg_';

export async function createSession(db: Kysely<Database>, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db
    .insertInto('sessions')
    .values({ id_hash: sha256(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}

const userColumns = ['users.id', 'users.email', 'users.name', 'users.is_operator', 'users.email_confirmed_at', 'users.locale'] as const;

function toCurrentUser(row: {
  id: string;
  email: string;
  name: string;
  is_operator: boolean;
  email_confirmed_at: Date | null;
  locale: string | null;
}): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isOperator: row.is_operator,
    emailConfirmed: row.email_confirmed_at !== null,
    locale: row.locale,
  };
}

export async function userForSession(db: Kysely<Database>, token: string): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(userColumns)
    .where('sessions.id_hash', '=', sha256(token))
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
  return row ? toCurrentUser(row) : null;
}

export async function userForApiToken(db: Kysely<Database>, token: string): Promise<CurrentUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const hash = sha256(token);
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(userColumns)
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  // A script calls the API many times a minute: "last used" to the minute spares a write per request.
  const now = new Date();
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('token_hash', '=', hash)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
    .execute();
  return toCurrentUser(row);
}

/** The accounts module's `authenticate` hook: an API token in `Authorization`, else the session cookie. */
export async function authenticateRequest(request: FastifyRequest, ctx: AppContext): Promise<Authentication | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const user = await userForApiToken(ctx.db, header.slice(7).trim());
    if (!user) throw PlatformErrors.unauthorized('authorization');
    return { user, method: 'token' };
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const user = await userForSession(ctx.db, token);
  return user ? { user, method: 'session' } : null;
}
