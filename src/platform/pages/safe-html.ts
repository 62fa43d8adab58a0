import { escapeHtml } from './escape.ts';

const BRAND = Symbol('SafeHtml');

/**
 * HTML that one module renders for another to insert unescaped (a skill page's sections, a home
 * page panel). It is branded at run time, not only in the types: only `safeHtml(jsxOutput)` makes
 * one, and `insertHtml` inserts a SafeHtml as it is and escapes anything else — a plain string
 * that reaches it (from `as any`, a module written in JavaScript, a forgotten `safeHtml`) shows as
 * text, never as markup.
 */
export interface SafeHtml {
  readonly [BRAND]: true;
  readonly html: string;
}

/**
 * Brands the output of a JSX expression (whose text children went through escapeHtml) as HTML to
 * insert unescaped. Pass JSX output only, never text from outside.
 */
export function safeHtml(jsxOutput: JSX.Element): SafeHtml;
export function safeHtml(jsxOutput: Promise<string>): Promise<SafeHtml>;
export function safeHtml(jsxOutput: JSX.Element): SafeHtml | Promise<SafeHtml> {
  if (typeof jsxOutput !== 'string') return jsxOutput.then((html) => brand(html));
  return brand(jsxOutput);
}

function brand(html: string): SafeHtml {
  return Object.freeze({ [BRAND]: true as const, html });
}

/** Nothing to show. */
export const noHtml: SafeHtml = brand('');

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && (value as SafeHtml)[BRAND] === true;
}

/** Several pieces of SafeHtml as one; anything else among them is escaped. */
export function joinHtml(parts: readonly (SafeHtml | string)[]): SafeHtml {
  return brand(parts.map((p) => (isSafeHtml(p) ? p.html : escapeHtml(p))).join(''));
}

/** For a page: a SafeHtml as it is; a string (or anything else) escaped as text. */
export function insertHtml(value: SafeHtml | string | null | undefined): JSX.Element {
  return isSafeHtml(value) ? value.html : escapeHtml(value);
}
