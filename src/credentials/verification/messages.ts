import type { TFunction } from '../../platform/i18n.ts';
import { formatDate } from '../../platform/pages/format.ts';
import type { Check } from './types.ts';

/** The validity checks' moments, stored as ISO 8601 in UTC: shown as a date and time in the reader's language, still in UTC. */
const MOMENTS = ['from', 'until', 'now'];
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T/;

/**
 * A check's message in the reader's language: its code's text under `credentials:verify.messages`
 * with its parameters, or the English `message` when it has no code (a verdict stored before every
 * check had one). Coded details (one per endorsement that does not verify) are translated one by
 * one and joined into `{{which}}`, so no English part is left inside a Dutch sentence. Light: no part
 * of the verification stack is loaded.
 */
export function checkText(t: TFunction, check: Pick<Check, 'message'> & Partial<Pick<Check, 'code' | 'params' | 'details'>>): string {
  if (!check.code) return check.message;
  const params: Record<string, unknown> = { ...check.params };
  const lang = (t as { lng?: string }).lng ?? 'en';
  for (const key of MOMENTS) {
    const value = params[key];
    const shown = typeof value === 'string' && ISO_MOMENT.test(value) ? formatDate({ lang }, value, { time: true, timeZone: 'UTC' }) : '';
    if (shown) params[key] = `${shown} UTC`;
  }
  if (check.details?.length)
    params.which = check.details
      .map((d) => t(`credentials:verify.messages.${d.code}`, { ...d.params, defaultValue: d.message }))
      .join('; ');
  return t(`credentials:verify.messages.${check.code}`, { ...params, defaultValue: check.message });
}
