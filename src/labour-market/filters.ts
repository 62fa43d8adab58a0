import { type AppError, invalidFields } from '../platform/errors.ts';
import { E } from './errors.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as YYYY-MM-DD (UTC midnight); null for nothing; throws for anything else. */
function day(value: string | undefined, field: string, errors: AppError[]): Date | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    errors.push(E.badDate(field));
    return undefined;
  }
  return d;
}

/** The period filter of the vacancy list: from and to as days, the first not after the last. */
export function parsePeriod(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const errors: AppError[] = [];
  const f = day(from, 'from', errors);
  const t = day(to, 'to', errors);
  if (f && t && f > t) errors.push(E.periodOrder('from'));
  if (errors.length) throw invalidFields(errors);
  return { from: f, to: t };
}
