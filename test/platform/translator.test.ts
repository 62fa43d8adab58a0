import { expect, test } from 'vitest';
import { modules } from '../../src/modules.ts';
import { createI18n, translatorFor } from '../../src/platform/i18n.ts';

test('the remembering translator gives what i18next gives, with and without options, in both languages', () => {
  const i18n = createI18n(modules);
  for (const lang of ['en', 'nl']) {
    const t = translatorFor(i18n, lang);
    const fixed = i18n.getFixedT(lang);
    expect(translatorFor(i18n, lang)).toBe(t);
    for (const key of ['backpack:backpack.title', 'backpack:backpack.status.revoked', 'platform:errors.required', 'no:such.key']) {
      expect(t(key)).toBe(fixed(key));
      expect(t(key)).toBe(fixed(key));
    }
    // With options: interpolation and plurals as i18next does them, never remembered.
    expect(t('backpack:backpack.issuedBy', { issuer: 'Maasdal' })).toBe(fixed('backpack:backpack.issuedBy', { issuer: 'Maasdal' }));
    expect(t('backpack:backpack.issuedBy', { issuer: 'Oss' })).toContain('Oss');
    expect(t('backpack:backpack.hidden', { count: 1 })).toBe(fixed('backpack:backpack.hidden', { count: 1 }));
    expect(t('backpack:backpack.hidden', { count: 2 })).toBe(fixed('backpack:backpack.hidden', { count: 2 }));
  }
  expect(translatorFor(i18n, 'nl')('backpack:backpack.title')).not.toBe(translatorFor(i18n, 'en')('backpack:backpack.title'));
});
