import type { Check, Verdict } from './types.ts';
import { checkRecipient } from './verify.ts';

/**
 * The first of these addresses a verified credential was issued to, with the verifier's own
 * recipient check for it; null when it names none of them (or no email recipient at all).
 */
export function recipientAmong(verdict: Verdict, emails: readonly string[]): { email: string; check: Check } | null {
  if (!verdict.credential) return null;
  for (const email of emails) {
    const check = checkRecipient({ format: verdict.format, credential: verdict.credential }, email);
    if (check.status === 'ok') return { email, check };
  }
  return null;
}
