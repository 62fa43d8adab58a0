import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';

/** Route options of the programme pages: not in the API documentation. */
export const hide = { schema: { hide: true } };

export type Body = Record<string, string | string[] | undefined>;

export const one = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
};

export const many = (body: Body, name: string): string[] => {
  const value = body[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
};

export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export const bodyOf = (request: FastifyRequest): Body => (request.body ?? {}) as Body;

/**
 * A coded 4xx about the input as messages next to the fields (in the reader's language); anything
 * else — not signed in, not allowed, not found, a failure — is rethrown for the error page.
 */
export function formErrors(request: FastifyRequest, error: unknown, fallbackField = 'form'): FormErrors {
  if (!(error instanceof AppError) || error.status >= 500 || [401, 403, 404].includes(error.status)) throw error;
  return fieldMessages(request.t, error) ?? { [fallbackField]: request.t(error.code, error.params) };
}
