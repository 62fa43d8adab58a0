import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { E } from './errors.ts';
import { importBadge } from './imports.ts';
import { allItems, type BackpackItemDetail } from './items.ts';

/**
 * The backpack's side of the Open Badges 3.0 API's upsertCredential (the openbadges-api module):
 * a credential an app sends is imported like any other (verified, recipient among the person's
 * confirmed addresses, kept with its verdict); one the backpack holds already is found instead.
 */

function credentialId(text: string): string | null {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) {
      const id = (JSON.parse(trimmed) as { id?: unknown }).id;
      return typeof id === 'string' ? id : null;
    }
    const payload = JSON.parse(Buffer.from(trimmed.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      id?: unknown;
      jti?: unknown;
      vc?: { id?: unknown };
    };
    const id = payload.id ?? payload.vc?.id ?? payload.jti;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * Adds the credential (JSON text or a compact JWS) to the person's backpack, or finds the copy it
 * holds already (same id, or the same JWS): `created` tells which. Refused with the import's coded
 * errors (tampered, someone else's, revoked, expired, not a badge).
 */
export async function upsertCredential(
  ctx: AppContext,
  userId: string,
  text: string,
): Promise<{ created: boolean; item: BackpackItemDetail }> {
  try {
    return { created: true, item: await importBadge(ctx, userId, { text }) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== E.importDuplicate.code) throw error;
    const id = credentialId(text);
    const trimmed = text.trim();
    const held = (await allItems(ctx, userId)).find(
      (i) => (id !== null && (i.publicUrl === id || i.document.id === id)) || (i.jwt !== null && i.jwt === trimmed),
    );
    if (!held) throw error;
    return { created: false, item: held };
  }
}
