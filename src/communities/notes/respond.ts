import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';

/**
 * The field messages of a form's failure that its page shows next to the fields (a 400 or 409 on a
 * field), in the reader's language; null when the error is for the error page or the API instead.
 */
export function formErrors(request: FastifyRequest, error: unknown): Record<string, string> | null {
  if (wantsJson(request) || !(error instanceof AppError) || ![400, 409].includes(error.status)) return null;
  return fieldMessages(request.t, error);
}

/** The form fields a page puts back after a failure (strings only, cut short). */
export function formValues(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' && k !== '_csrf' ? [[k, v.slice(0, 20_000)]] : [])),
  );
}
