import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { AppError, HttpProblem } from '../../../platform/errors.ts';
import { fieldMessages } from '../../../platform/http/problem.ts';
import type { FormErrors } from '../../../platform/pages/forms.tsx';

/** Route options of the issuing pages: not in the API documentation. */
export const hide = { schema: { hide: true } };

/**
 * The field messages of an error a form shows next to its fields, in the reader's language; null
 * when the error is not about the input (not found, forbidden, 5xx: the error page shows those).
 */
export function formErrors(request: FastifyRequest, error: unknown): FormErrors | null {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 403 || error.status === 404) return null;
  if (error instanceof HttpProblem) return { [String(error.extra.field ?? 'form')]: error.message };
  return fieldMessages(request.t, error) ?? { form: request.t(error.code, error.params) };
}

/** Reads a multipart form: text fields and the first file. */
export async function readMultipart(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; file?: { name: string; data: Buffer } }> {
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | undefined;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    return { fields: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : v])) };
  }
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (data.length && !file) file = { name: part.fieldname, data };
    } else {
      // A repeated field (the skill picker's chosen skills) keeps every value, one per line.
      const value = String(part.value ?? '');
      fields[part.fieldname] = part.fieldname in fields ? `${fields[part.fieldname]}\n${value}` : value;
    }
  }
  return { fields, file };
}

/** The Referer when it is a page of this instance (an origin match, not a prefix: `https://vaardig.test.evil` is not ours). */
export function sameOrigin(ctx: AppContext, referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.origin === new URL(ctx.config.baseUrl).origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

export const orgPath = (slug: string) => `/organisations/${slug}`;
