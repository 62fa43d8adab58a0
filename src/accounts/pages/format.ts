import type { FastifyRequest } from 'fastify';

export function formatDate(request: FastifyRequest, value: Date | string | null | undefined, withTime = true): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(
    request.lang === 'nl' ? 'nl-NL' : 'en-GB',
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
  ).format(date);
}

/** A path on this site to go to after signing in; anything else becomes the fallback. */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n\t]/.test(next)) return fallback;
  return next;
}
