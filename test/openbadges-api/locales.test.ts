import { expect, test } from 'vitest';
import en from '../../src/openbadges-api/locales/en.ts';
import nl from '../../src/openbadges-api/locales/nl.ts';
import { OB_SCOPES, scopeKey } from '../../src/openbadges-api/scopes.ts';
import type { Messages } from '../../src/platform/module.ts';

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();
}

function text(messages: Messages, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Messages | undefined)?.[key], messages);
}

test('English and Dutch texts of the Open Badges API have the same keys; Dutch says je, never u', () => {
  expect(keys(nl)).toEqual(keys(en));
  const dutch = keys(nl).map((k) => String(text(nl, k)));
  for (const line of dutch) expect(line, line).not.toMatch(/\b(u|uw)\b/i);
});

test('every OB scope has its plain words in both languages', () => {
  for (const scope of OB_SCOPES) {
    const key = scopeKey(scope)?.replace('openbadges-api:', '') ?? '';
    expect(text(en, key), scope).toBeTypeOf('string');
    expect(text(nl, key), scope).toBeTypeOf('string');
  }
});
