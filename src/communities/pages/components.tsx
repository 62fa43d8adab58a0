import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';

const NS = 'communities';
/** A message of the communities module in the page's language. */
export const tr = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => request.t(`${NS}:${key}`, params);

/** A short label (a tag) in the page's language. */
export function Tag({ request, text }: { request: FastifyRequest; text: string }) {
  return <span class="tag">{escapeHtml(tr(request, text))}</span>;
}

/** Paragraphs of a plain text a person wrote (blank lines part them). */
export function Paragraphs({ text }: { text: string }) {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {parts.map((p) => (
        <p>{escapeHtml(p)}</p>
      ))}
    </>
  );
}
