import { credentialItems, upsertCredential as storeCredential } from '../../backpack/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';

/**
 * getCredentials and upsertCredential of the Open Badges 3.0 API, over the person's backpack
 * (credentials issued in the network to their confirmed addresses, and the ones they imported).
 */

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export interface CredentialQuery {
  limit: number;
  offset: number;
  since: Date | null;
}

/** GetOpenBadgeCredentialsResponse: signed VC-JWTs as compact JWS strings, the others as JSON. */
export interface CredentialsPage {
  compactJwsString?: string[];
  credential?: Record<string, unknown>[];
}

type Raw = Record<string, unknown> | undefined;

function wholeNumber(raw: unknown, field: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const text = String(raw);
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw E.notWholeNumber(field, { min, max });
  return Number(text);
}

/** Reads limit, offset and since; a bad one is a 400 naming it. */
export function parseQuery(query: Raw): CredentialQuery {
  const limit = wholeNumber(query?.limit, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  const offset = wholeNumber(query?.offset, 'offset', 0, 1_000_000_000, 0);
  let since: Date | null = null;
  if (query?.since !== undefined && query.since !== '') {
    const text = String(query.since);
    const date = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) || Number.isNaN(date.getTime()))
      throw E.notDateTime('since');
    since = date;
  }
  return { limit, offset, since };
}

/** Whether a stored document is a Verifiable Credential (OB 3.0), not an OB 2.0 assertion. */
function isVerifiableCredential(document: Record<string, unknown>): boolean {
  const types = (value: unknown) => (Array.isArray(value) ? value : [value]);
  const vc = document.vc as Record<string, unknown> | undefined;
  return types(document.type).includes('VerifiableCredential') || types(vc?.type).includes('VerifiableCredential');
}

/**
 * One page of the person's credentials, newest first (as the backpack orders them), with the
 * total count; `since` keeps those issued (or, without an issue date, added) after it. Hidden
 * badges and OB 2.0 badges (no OB 3.0 credential) are left out.
 */
export async function credentialsPage(
  ctx: AppContext,
  userId: string,
  query: CredentialQuery,
): Promise<{ total: number; page: CredentialsPage }> {
  // One page read by the backpack (its own summary rows, the credential documents of this page only).
  const { total, items: slice } = await credentialItems(ctx, userId, query);
  const page: CredentialsPage = {};
  const jws = slice.filter((i) => i.jwt !== null).map((i) => i.jwt as string);
  const json = slice.filter((i) => i.jwt === null).map((i) => i.document);
  if (jws.length) page.compactJwsString = jws;
  page.credential = json;
  return { total, page };
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The body of upsertCredential: an OB 3.0 credential as JSON, or a compact JWS of one; else a 400. */
export function credentialText(body: unknown, contentType: 'json' | 'jws'): string {
  if (contentType === 'json') {
    if (!body || typeof body !== 'object' || Array.isArray(body) || !isVerifiableCredential(body as Record<string, unknown>))
      throw E.credentialUnreadable('body');
    return JSON.stringify(body);
  }
  const text = typeof body === 'string' ? body.trim() : '';
  if (!COMPACT_JWS.test(text)) throw E.credentialUnreadable('body');
  try {
    const payload = JSON.parse(Buffer.from(text.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!isVerifiableCredential(payload)) throw new Error('not a credential');
  } catch {
    throw E.credentialUnreadable('body');
  }
  return text;
}

/** Upserts into the person's backpack: created (201) or held already (200), with what is stored. */
export async function upsert(
  ctx: AppContext,
  userId: string,
  text: string,
): Promise<{ created: boolean; jws: string | null; credential: Record<string, unknown> }> {
  const { created, item } = await storeCredential(ctx, userId, text);
  return { created, jws: item.jwt, credential: item.document };
}
