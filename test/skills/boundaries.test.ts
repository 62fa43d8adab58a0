import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

/**
 * House rule: a module reaches another only through its service functions, never its tables. The
 * skills module reads people and organisations through the accounts module's services.
 */
const PLATFORM_TABLES = ['users', 'sessions', 'api_tokens', 'email_tokens', 'organisations', 'memberships', 'invitations', 'mail_outbox'];
const root = join(import.meta.dirname, '../../src/skills');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

test('no file of the skills module queries a platform table', () => {
  const table = PLATFORM_TABLES.join('|');
  const kysely = new RegExp(`(selectFrom|insertInto|updateTable|deleteFrom|[jJ]oin)\\(\\s*'(${table})(\\s+as\\s+\\w+)?'`, 'g');
  const raw = new RegExp(`\\b(from|join|into|update)\\s+(${table})\\b`, 'gi');
  const found: string[] = [];
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    for (const re of [kysely, raw]) for (const m of text.matchAll(re)) found.push(`${relative(root, file)}: ${m[0]}`);
  }
  expect(found).toEqual([]);
});
