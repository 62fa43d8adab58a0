import { escapeHtml as escapeText } from '@kitajs/html';

/**
 * Escapes a value for use as text in a page. @kitajs/html escapes attribute values but not text
 * children, so every non-literal text in a page goes through this (`npm run lint` runs the kitajs
 * XSS scanner, which accepts calls named escapeHtml). null and undefined render as nothing.
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}
