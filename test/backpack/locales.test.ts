import { expect, test } from 'vitest';
import en from '../../src/backpack/locales/en.ts';
import nl from '../../src/backpack/locales/nl.ts';
import addressesEn from '../../src/accounts/locales/addresses.en.ts';
import addressesNl from '../../src/accounts/locales/addresses.nl.ts';
import type { Messages } from '../../src/platform/module.ts';

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();
}

test('English and Dutch texts of the backpack and of extra addresses have the same keys', () => {
  expect(keys(nl)).toEqual(keys(en));
  expect(keys(addressesNl)).toEqual(keys(addressesEn));
});
