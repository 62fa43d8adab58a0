import { expect, test } from 'vitest';
import en from '../../src/communities/locales/en.ts';
import nl from '../../src/communities/locales/nl.ts';
import { BUILT_IN } from '../../src/communities/templates.ts';
import type { Messages } from '../../src/platform/module.ts';

function entries(messages: Messages, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v, `${prefix}${k}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

test('English and Dutch texts of communities have the same keys and the same {{placeholders}}', () => {
  const english = new Map(entries(en));
  const dutch = new Map(entries(nl));
  expect([...dutch.keys()].sort()).toEqual([...english.keys()].sort());
  for (const [key, text] of english) expect(placeholders(dutch.get(key) ?? ''), key).toEqual(placeholders(text));
});

test('Dutch says je, never u', () => {
  for (const [key, text] of entries(nl)) expect(/\b(u|uw|U|Uw)\b/.test(text), `${key}: ${text}`).toBe(false);
});

test('every item of every built-in template has its text in both languages', () => {
  for (const [kind, items] of Object.entries(BUILT_IN))
    for (const item of items) {
      const key = `template.${kind}.${item.key}`;
      expect(new Map(entries(en)).get(key), key).toBeTruthy();
      expect(new Map(entries(nl)).get(key), key).toBeTruthy();
    }
});
