import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { modules } from '../src/modules.ts';
import { declaredErrorCodes } from '../src/platform/errors.ts';
import { createI18n } from '../src/platform/i18n.ts';

/**
 * One error type for all modules: every code a module declares has its text in Dutch and in
 * English, and every `{{param}}` of the English text is in the Dutch one too. Importing the module
 * list imports every module's `errors.ts`, which registers its codes.
 */
const i18n = createI18n(modules);

test('every declared error code reads in Dutch and in English', () => {
  const codes = [...declaredErrorCodes().keys()];
  expect(codes.length).toBeGreaterThan(10);
  const missing: string[] = [];
  for (const code of codes) {
    for (const lng of ['en', 'nl']) {
      if (!i18n.exists(code, { lng, fallbackLng: false })) missing.push(`${lng} ${code}`);
    }
    const en = i18n.getFixedT('en')(code);
    const nl = i18n.getFixedT('nl')(code);
    for (const param of en.matchAll(/\{\{(\w+)\}\}/g)) if (!nl.includes(param[0])) missing.push(`nl ${code} lacks ${param[0]}`);
  }
  expect(missing).toEqual([]);
});

const src = join(import.meta.dirname, '../src');
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

test('services throw coded errors, not English text', () => {
  const legacy = /new (ValidationError|NotFoundError|ForbiddenError|UnauthorizedError|ConflictError|HttpProblem)\(/g;
  const found: string[] = [];
  for (const file of files(src)) {
    if (file.endsWith(join('platform', 'errors.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    const count = [...text.matchAll(legacy)].length;
    if (count) found.push(`${relative(src, file)}: ${count}`);
  }
  expect(found).toEqual([]);
});
