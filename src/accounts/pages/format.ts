import type { FastifyRequest } from 'fastify';

export function formatDate(request: FastifyRequest, value: Date | string | null | undefined, withTime = true): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(
    request.lang === 'nl' ? 'nl-NL' : 'en-GB',
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
  ).format(date);
}
