import type { AppContext } from '../platform/context.ts';
import { E } from './errors.ts';
import { isScope, type Scope } from './scopes.ts';

/**
 * The apps a person approved (OAuth grants of the Open Badges API) and withdrawing them. A
 * withdrawal removes the approval with every token and code issued under it, so the app's access
 * and refresh tokens stop working at once.
 */

export interface ApprovedApp {
  clientId: string;
  name: string;
  /** The app's own web address, as it registered it. */
  uri: string | null;
  scopes: Scope[];
  approvedAt: Date;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

function scopesOf(payload: Record<string, unknown>): string[] {
  const openid = payload.openid as { scope?: unknown } | undefined;
  return typeof openid?.scope === 'string' ? openid.scope.split(' ').filter(Boolean) : [];
}

/** The apps the person approved and has not withdrawn, latest first; one entry per app. */
export async function approvedApps(ctx: AppContext, userId: string): Promise<ApprovedApp[]> {
  const grants = await ctx.db
    .selectFrom('oauth_models')
    .select(['client_id', 'payload', 'created_at'])
    .where('kind', '=', 'Grant')
    .where('account_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .orderBy('created_at', 'desc')
    .execute();
  const byClient = new Map<string, { scopes: Set<string>; approvedAt: Date }>();
  for (const grant of grants) {
    if (!grant.client_id) continue;
    const entry = byClient.get(grant.client_id) ?? { scopes: new Set<string>(), approvedAt: grant.created_at };
    for (const scope of scopesOf(grant.payload)) entry.scopes.add(scope);
    byClient.set(grant.client_id, entry);
  }
  if (byClient.size === 0) return [];
  const clients = await ctx.db
    .selectFrom('oauth_models')
    .select(['id', 'payload'])
    .where('kind', '=', 'Client')
    .where('id', 'in', [...byClient.keys()])
    .execute();
  const clientById = new Map(clients.map((c) => [c.id, c.payload]));
  return [...byClient].map(([clientId, { scopes, approvedAt }]) => {
    const client = clientById.get(clientId) ?? {};
    return {
      clientId,
      name: text(client.client_name) ?? clientId,
      uri: text(client.client_uri),
      scopes: [...scopes].filter(isScope),
      approvedAt,
    };
  });
}

/** Withdraws the person's approval of an app: its grants and every token and code under them are removed. */
export async function withdrawApp(ctx: AppContext, userId: string, clientId: string): Promise<ApprovedApp> {
  const app = (await approvedApps(ctx, userId)).find((a) => a.clientId === clientId);
  if (!app) throw E.appNotFound('clientId');
  await ctx.db.transaction().execute(async (trx) => {
    const grants = await trx
      .selectFrom('oauth_models')
      .select('id')
      .where('kind', '=', 'Grant')
      .where('account_id', '=', userId)
      .where('client_id', '=', clientId)
      .execute();
    const ids = grants.map((g) => g.id);
    if (ids.length) await trx.deleteFrom('oauth_models').where('grant_id', 'in', ids).execute();
  });
  return app;
}

/**
 * Removes everything the OAuth server keeps about a person: approvals, tokens, codes, sessions and
 * pending approval requests (for deleting an account). Returns how many records went.
 */
export async function forgetPerson(ctx: AppContext, userId: string): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const grants = await trx.selectFrom('oauth_models').select('id').where('kind', '=', 'Grant').where('account_id', '=', userId).execute();
    let removed = 0;
    if (grants.length) {
      const result = await trx
        .deleteFrom('oauth_models')
        .where(
          'grant_id',
          'in',
          grants.map((g) => g.id),
        )
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
    const rest = await trx.deleteFrom('oauth_models').where('account_id', '=', userId).executeTakeFirst();
    return removed + Number(rest.numDeletedRows);
  });
}

/** Every record the OAuth server keeps about a person, for their data export. */
export async function personalRecords(
  ctx: AppContext,
  userId: string,
): Promise<{ kind: string; id: string; createdAt: Date; payload: Record<string, unknown> }[]> {
  const rows = await ctx.db
    .selectFrom('oauth_models')
    .select(['kind', 'id', 'created_at', 'payload'])
    .where('account_id', '=', userId)
    .orderBy('created_at')
    .execute();
  // Token values are the ids of these records: an export never hands a working token out.
  return rows.map((r) => ({
    kind: r.kind,
    id: r.kind === 'Grant' ? r.id : '(secret)',
    createdAt: r.created_at,
    payload: redact(r.payload),
  }));
}

function redact(payload: Record<string, unknown>): Record<string, unknown> {
  const { jti: _jti, ...rest } = payload;
  return rest;
}
