import { type Kysely, sql } from 'kysely';
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

/**
 * A registered app (Client) lasts this long after it registered or was last used — a person
 * approved it, it got a code or a token — and never shorter than any approval, code or token given
 * to it. A registration nobody uses is removed after that, with the RegistrationAccessToken it
 * managed its registration with (dynamic registration is open to anyone, so unused ones must not
 * pile up); an app that comes back registers again.
 */
export const UNUSED_CLIENT_TTL_S = 30 * 24 * 60 * 60;

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
    const registration = this.kind === 'Client';
    const lifetime = registration ? Math.max(expiresIn ?? 0, UNUSED_CLIENT_TTL_S) : expiresIn;
    const expiresAt = typeof lifetime === 'number' ? new Date(Date.now() + lifetime * 1000) : null;
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
          // A registration updated by its app keeps the longer of its lifetimes.
          expires_at: registration ? sql<Date>`greatest(oauth_models.expires_at, excluded.expires_at)` : row.expires_at,
          consumed_at: null,
        }),
      )
      .execute();
    // Something given to an app (an approval, a code, a token) is a use: its registration lasts at least as long.
    if (!registration && row.client_id && (GRANTABLE.has(this.kind) || this.kind === 'Grant'))
      await keepRegistration(
        this.db,
        row.client_id,
        new Date(Math.max(Date.now() + UNUSED_CLIENT_TTL_S * 1000, expiresAt?.getTime() ?? 0)),
      );
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

/** Makes an app's registration last at least until `until`. */
async function keepRegistration(db: Kysely<Database>, clientId: string, until: Date): Promise<void> {
  await db
    .updateTable('oauth_models')
    .set({ expires_at: sql<Date>`greatest(coalesce(expires_at, ${until}), ${until})` })
    .where('kind', '=', 'Client')
    .where('id', '=', clientId)
    .execute();
}

/**
 * Removes the records that expired more than the grace period ago (registrations unused for
 * UNUSED_CLIENT_TTL_S among them), and the registration access tokens of apps no longer registered.
 */
export async function purgeExpired(db: Kysely<Database>, now = new Date()): Promise<number> {
  const expired = await db
    .deleteFrom('oauth_models')
    .where('expires_at', '<', new Date(now.getTime() - GRACE_MS))
    .executeTakeFirst();
  const orphans = await db
    .deleteFrom('oauth_models as r')
    .where('r.kind', '=', 'RegistrationAccessToken')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('oauth_models as c').select('c.id').where('c.kind', '=', 'Client').whereRef('c.id', '=', 'r.client_id'))),
    )
    .executeTakeFirst();
  return Number(expired.numDeletedRows) + Number(orphans.numDeletedRows);
}

/** The adapter factory oidc-provider's `adapter` option takes: one adapter per model name. */
export function kyselyAdapter(db: Kysely<Database>) {
  return (kind: string) => new KyselyAdapter(db, kind);
}
