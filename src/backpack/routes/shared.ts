import type { FastifyRequest } from 'fastify';

/** A form field as text; anything else (a repeated field, nothing) is empty. */
export function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** Where to go back to after a form: a path of the backpack only (never another site). */
export function backTo(value: string, fallback: string): string {
  return /^\/backpack(?:[/?#][^\s\\]*)?$/.test(value) && !value.startsWith('//') ? value : fallback;
}
