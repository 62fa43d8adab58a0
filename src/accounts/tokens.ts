import type { Kysely } from 'kysely';
import { randomToken, sha256 } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import { API_TOKEN_PREFIX } from './sessions.ts';

export interface ApiTokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const MAX_TOKEN_NAME_LENGTH = 100;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Creates an API token. The token itself is returned once and only its sha256 is kept. */
export async function createApiToken(db: Kysely<Database>, userId: string, name: string): Promise<ApiTokenInfo & { token: string }> {
  const clean = name.trim();
  if (!clean) throw PlatformErrors.required('name');
  if (clean.length > MAX_TOKEN_NAME_LENGTH) throw PlatformErrors.tooLong('name', { max: MAX_TOKEN_NAME_LENGTH });
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name: clean, token_hash: sha256(token), prefix })
    .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, token };
}

export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Revokes one of the person's own tokens; someone else's token is "not found". */
export async function revokeApiToken(db: Kysely<Database>, userId: string, tokenId: string): Promise<void> {
  if (!isUuid(tokenId)) throw E.apiTokenNotFound();
  const deleted = await db
    .deleteFrom('api_tokens')
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) throw E.apiTokenNotFound();
}
