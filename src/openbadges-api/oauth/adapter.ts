import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/**
 * oidc-provider's storage, in the database through Kysely (PGlite and PostgreSQL alike): one row
 * per model instance in `oauth_models`, with the payload as the library gave it and the fields it
 * looks records up by (grant, session uid, user code) copied into indexed columns. The contract is
 * the one of the library's own memory adapter (node_modules/oidc-provider/lib/adapters).
 */

type Payload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
  clientId?: string;
  client_id?: string;
  consumed?: number;
};

/** Models whose records belong to a grant: withdrawing the grant removes them. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** Expired records are kept this long past their expiry (the library's clock tolerance and more), then removed. */
const GRACE_MS = 5 * 60_000;
let lastPurge = 0;

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

export class KyselyAdapter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: string,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
    const row = {
      kind: this.kind,
      id,
      payload: JSON.stringify(payload) as never,
      grant_id: GRANTABLE.has(this.kind) || this.kind === 'Grant' ? (text(payload.grantId) ?? (this.kind === 'Grant' ? id : null)) : null,
      uid: this.kind === 'Session' ? text(payload.uid) : null,
      user_code: text(payload.userCode),
      account_id: text(payload.accountId),
      client_id: text(payload.clientId) ?? text(payload.client_id),
      expires_at: expiresAt,
      consumed_at: null,
    };
    await this.db
      .insertInto('oauth_models')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet({
          payload: row.payload,
          grant_id: row.grant_id,
          uid: row.uid,
          user_code: row.user_code,
          account_id: row.account_id,
          client_id: row.client_id,
          expires_at: row.expires_at,
          consumed_at: null,
        }),
      )
      .execute();
    await this.purgeNow();
  }

  private async read(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
    const row = await this.db
      .selectFrom('oauth_models')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('kind', '=', this.kind)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at && row.expires_at.getTime() + GRACE_MS < Date.now()) return undefined;
    const payload = row.payload as Payload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  }

  find(id: string): Promise<Payload | undefined> {
    return this.read('id', id);
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.read('uid', uid);
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.read('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.updateTable('oauth_models').set({ consumed_at: new Date() }).where('kind', '=', this.kind).where('id', '=', id).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oauth_models').where('kind', '=', this.kind).where('id', '=', id).execute();
  }

  /** Removes every token and code of a grant (called for each grantable model). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oauth_models').where('kind', '=', this.kind).where('grant_id', '=', grantId).execute();
  }

  /** Removes records long expired, at most once a minute per process. */
  private async purgeNow(): Promise<void> {
    if (Date.now() - lastPurge < 60_000) return;
    lastPurge = Date.now();
    await purgeExpired(this.db);
  }
}

/** Removes the records that expired more than the grace period ago. */
export async function purgeExpired(db: Kysely<Database>, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('oauth_models')
    .where('expires_at', '<', new Date(now.getTime() - GRACE_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The adapter factory oidc-provider's `adapter` option takes: one adapter per model name. */
export function kyselyAdapter(db: Kysely<Database>) {
  return (kind: string) => new KyselyAdapter(db, kind);
}
