import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { modules } from '../src/modules.ts';

/**
 * The house rules between modules, for every module present and future: a module reaches another
 * only through that module's `api.ts` (never its inner files, never its tables), and the platform
 * (the toolkit every module uses) imports no module at all.
 *
 * A module is every folder of src/ other than the platform and the CLI entry; each must be listed
 * in src/modules.ts and declare its tables (`export const tables` in its schema.ts).
 */

const SRC = resolve(import.meta.dirname, '../src');
const NOT_MODULES = new Set(['platform', 'cli']);

const moduleFolders = readdirSync(SRC, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !NOT_MODULES.has(e.name))
  .map((e) => e.name)
  .sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx|mts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file names: static imports and exports, side-effect imports, `import(...)`. */
function importedSpecifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\bdeclare\s+module\s+['"]([^'"]+)['"]/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found;
}

/** Where a relative specifier of `file` lands, as a path relative to src/ (null for packages). */
function target(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return relative(SRC, resolve(dirname(file), specifier))
    .split('\\')
    .join('/');
}

/** The module a src-relative path belongs to (`skills/library/x.ts` → skills), or null. */
function owningModule(path: string): string | null {
  const [first] = path.split('/');
  return moduleFolders.includes(first) ? first : null;
}

/** Why an import of `file` (in module `from`, or the platform when null) breaks a rule; null when fine. */
function importViolation(from: string | null, path: string): string | null {
  if (path.startsWith('..')) return null;
  if (path === 'modules.ts' || path.startsWith('cli/')) return `imports the entry point (src/${path})`;
  const to = owningModule(path);
  if (!to || to === from) return null;
  if (from === null) return `the platform imports module ${to} (src/${path})`;
  if (path !== `${to}/api.ts`) return `imports src/${path}: another module is reached only through src/${to}/api.ts`;
  return null;
}

/** The tables a module's SQL names: Kysely's query builders and joins, and raw SQL in `sql` templates. */
function tablesNamed(text: string, tables: readonly string[]): string[] {
  if (tables.length === 0) return [];
  const names = tables.join('|');
  const found = new Set<string>();
  const quoted = `['"\`](${names})(?:\\s+as\\s+\\w+)?['"\`]`;
  const builders = new RegExp(
    `\\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|with|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|join|using|table|ref)\\s*\\(\\s*(?:\\[\\s*)?(?:${quoted}\\s*,\\s*)*${quoted}`,
    'g',
  );
  for (const m of text.matchAll(builders)) for (const t of m.slice(1)) if (t) found.add(t);
  // Arrays of tables: selectFrom(['a', 'b']) names each.
  for (const m of text.matchAll(/\b(?:selectFrom|deleteFrom|updateTable)\s*\(\s*\[([^\]]*)\]/g)) {
    for (const t of m[1].matchAll(new RegExp(quoted, 'g'))) found.add(t[1]);
  }
  // Column references that carry a table: 'users.email' in a select or where.
  for (const m of text.matchAll(new RegExp(`['"\`](${names})\\.[a-z_]+['"\`]`, 'g'))) found.add(m[1]);
  // Raw SQL: the text of sql`...` templates and sql.raw('...').
  const raw = new RegExp(`\\b(?:from|join|into|update|table|exists|references)\\s+(?:only\\s+)?(?:public\\.)?"?(${names})"?\\b`, 'gi');
  const templates = [...text.matchAll(/\bsql(?:<[^>]*>)?\s*`([^`]*)`/g), ...text.matchAll(/\bsql\.raw\s*\(\s*(['"`])([\s\S]*?)\1/g)];
  for (const m of templates) for (const t of (m[2] ?? m[1]).matchAll(raw)) found.add(t[1].toLowerCase());
  return [...found].sort();
}

async function declaredTables(folder: string): Promise<readonly string[]> {
  const schema = join(SRC, folder, 'schema.ts');
  if (!existsSync(schema)) return [];
  const mod = (await import(schema)) as { tables?: readonly string[] };
  return mod.tables ?? [];
}

/** Tables a folder's migrations create, and the tables its `declare module` Database blocks add. */
function tablesInCode(folder: string): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(join(SRC, folder))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/createTable\(\s*'([a-z_]+)'/g)) found.add(m[1]);
    for (const m of text.matchAll(/create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_]+)/gi)) found.add(m[1].toLowerCase());
    for (const block of text.matchAll(/declare\s+module\s+'[^']*db\/schema\.ts'\s*\{\s*interface\s+Database\s*\{([^}]*)\}/g)) {
      for (const m of block[1].matchAll(/^\s*([a-z_]+)\s*:/gm)) found.add(m[1]);
    }
  }
  return [...found].sort();
}

describe('module boundaries', () => {
  test('every folder of src/ but platform and cli is a module: listed in src/modules.ts, with an api.ts', () => {
    expect(moduleFolders.length).toBeGreaterThan(0);
    const listed = modules.map((m) => m.name);
    for (const folder of moduleFolders) {
      expect(listed, `src/${folder} is not in src/modules.ts`).toContain(folder);
      expect(existsSync(join(SRC, folder, 'api.ts')), `src/${folder}/api.ts is missing`).toBe(true);
    }
  });

  test('each module declares every table its code creates or types, and no table belongs to two', async () => {
    const owner = new Map<string, string>();
    for (const folder of ['platform', ...moduleFolders]) {
      const declared = await declaredTables(folder);
      const missing = tablesInCode(folder).filter((t) => !declared.includes(t));
      expect(missing, `src/${folder}/schema.ts: tables not in its \`tables\` list`).toEqual([]);
      for (const table of declared) {
        expect(owner.get(table), `table ${table} declared by ${owner.get(table)} and ${folder}`).toBeUndefined();
        owner.set(table, folder);
      }
    }
    // A module's declaration on its VaardigModule, when it gives one, is the same list.
    for (const module of modules) {
      if (module.tables && moduleFolders.includes(module.name))
        expect([...module.tables].sort()).toEqual([...(await declaredTables(module.name))].sort());
    }
  });

  test('a module imports another module only through its api.ts, and never the entry point', () => {
    const found: string[] = [];
    for (const folder of moduleFolders) {
      for (const file of sourceFiles(join(SRC, folder))) {
        for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
          const path = target(file, specifier);
          const why = path === null ? null : importViolation(folder, path);
          if (why) found.push(`${relative(SRC, file)}: ${why}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  test('the platform imports no module and not the entry point', () => {
    const found: string[] = [];
    for (const file of sourceFiles(join(SRC, 'platform'))) {
      for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
        const path = target(file, specifier);
        const why = path === null ? null : importViolation(null, path);
        if (why) found.push(`${relative(SRC, file)}: ${why}`);
      }
    }
    expect(found).toEqual([]);
  });

  test("no module's SQL names another module's tables or the platform's", async () => {
    const found: string[] = [];
    const owned = new Map<string, readonly string[]>();
    for (const folder of ['platform', ...moduleFolders]) owned.set(folder, await declaredTables(folder));
    for (const folder of moduleFolders) {
      const foreign = [...owned].filter(([f]) => f !== folder).flatMap(([, tables]) => tables);
      for (const file of sourceFiles(join(SRC, folder))) {
        for (const table of tablesNamed(readFileSync(file, 'utf8'), foreign)) found.push(`${relative(SRC, file)}: ${table}`);
      }
    }
    expect(found).toEqual([]);
  });

  test('the platform names no module table in its SQL', async () => {
    const tables = (await Promise.all(moduleFolders.map(declaredTables))).flat();
    const found: string[] = [];
    for (const file of sourceFiles(join(SRC, 'platform'))) {
      for (const table of tablesNamed(readFileSync(file, 'utf8'), tables)) found.push(`${relative(SRC, file)}: ${table}`);
    }
    expect(found).toEqual([]);
  });
});

describe('the boundary checks catch what they are for', () => {
  const file = join(SRC, 'credentials/issuing/x.ts');
  const check = (from: string | null, text: string, at = file) =>
    importedSpecifiers(text)
      .map((s) => target(at, s))
      .flatMap((p) => (p === null ? [] : [importViolation(from, p)]))
      .filter(Boolean);

  test('inner files of another module, static, type-only, re-exported or dynamic, are refused; its api.ts is not', () => {
    expect(check('credentials', "import { getSkill } from '../../skills/library/service.ts';")).toHaveLength(1);
    expect(check('credentials', "import type { Skill } from '../../skills/library/types.ts';")).toHaveLength(1);
    expect(check('credentials', "export { getSkill } from '../../skills/library/service.ts';")).toHaveLength(1);
    expect(check('credentials', "const { getSkill } = await import('../../skills/library/service.ts');")).toHaveLength(1);
    expect(check('credentials', "import {\n  getSkill,\n  skillUri,\n} from '../../skills/index.ts';")).toHaveLength(1);
    expect(check('credentials', "import { getSkill } from '../../skills/api.ts';")).toEqual([]);
    expect(check('credentials', "import { issueAs } from './issue.ts';")).toEqual([]);
    expect(check('credentials', "import { modules } from '../../modules.ts';")).toHaveLength(1);
  });

  test('the platform importing a module, even its api.ts, is refused', () => {
    const at = join(SRC, 'platform/http/auth.ts');
    expect(check(null, "import { userForSession } from '../../accounts/sessions.ts';", at)).toHaveLength(1);
    expect(check(null, "import type { CurrentUser } from '../../accounts/api.ts';", at)).toHaveLength(1);
    expect(check(null, "import { Layout } from '../pages/layout.tsx';", at)).toEqual([]);
  });

  test("SQL naming another module's table is found in Kysely calls, joins, column references and raw SQL", () => {
    const tables = ['users', 'memberships', 'organisations'];
    expect(tablesNamed("db.selectFrom('users').select('id')", tables)).toEqual(['users']);
    expect(tablesNamed("db.selectFrom('users as u')", tables)).toEqual(['users']);
    expect(tablesNamed("db.selectFrom('skills').innerJoin('memberships', 'memberships.user_id', 'x')", tables)).toEqual(['memberships']);
    expect(tablesNamed("db.insertInto('organisations').values({})", tables)).toEqual(['organisations']);
    expect(tablesNamed("db.updateTable(\n  'users'\n)", tables)).toEqual(['users']);
    expect(tablesNamed("db.deleteFrom('memberships')", tables)).toEqual(['memberships']);
    expect(tablesNamed('await sql`select 1 from skills s join Users u on u.id = s.author`.execute(db)', tables)).toEqual(['users']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a sql template, as a module writes it
    expect(tablesNamed('sql`delete from organisations where id = ${id}`', tables)).toEqual(['organisations']);
    expect(tablesNamed("sql.raw('insert into memberships values (1)')", tables)).toEqual(['memberships']);
    expect(tablesNamed("sql.table('users')", tables)).toEqual(['users']);
    // Words in comments and prose are not SQL.
    expect(tablesNamed("// read from users through the accounts api\ndb.selectFrom('skills')", tables)).toEqual([]);
    expect(tablesNamed("t('the users of organisations')", tables)).toEqual([]);
  });
});
