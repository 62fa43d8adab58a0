import { describe, expect, it } from 'vitest';
import { modules } from '../../src/modules.ts';
import type { Messages } from '../../src/platform/module.ts';

function* texts(messages: Messages, path: string): Generator<[string, string]> {
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') yield [`${path}.${key}`, value];
    else yield* texts(value, `${path}.${key}`);
  }
}

/** The formal forms ("u", "uw") as words; U+0000 is the name of a character, not a pronoun. */
const FORMAL = /(^|[^\p{L}+])(u|uw|Uw|U|uzelf)(?=$|[^\p{L}+])/u;

describe('Dutch texts', () => {
  it('say "je" and "jouw", never "u" or "uw", in every module', () => {
    const formal: string[] = [];
    for (const module of modules)
      for (const [key, text] of texts(module.locales?.nl ?? {}, module.name))
        if (FORMAL.test(text.replaceAll('U+0000', ''))) formal.push(`${key}: ${text}`);
    expect(formal).toEqual([]);
  });

  it('recognises the formal forms it looks for', () => {
    for (const text of ['Kunt u dit doen?', 'Uw badge', 'Dit is voor u.', 'U kunt inloggen']) expect(FORMAL.test(text), text).toBe(true);
    for (const text of ['Je badge', 'uur', 'U+0000', 'jouw profiel', 'nu', 'URL'])
      expect(FORMAL.test(text.replaceAll('U+0000', '')), text).toBe(false);
  });
});
