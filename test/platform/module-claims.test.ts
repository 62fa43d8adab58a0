import { expect, test } from 'vitest';
import { modules } from '../../src/modules.ts';
import { allCommands } from '../../src/platform/cli/commands.ts';
import { moduleMigrations } from '../../src/platform/db/migrate.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { type CliCommand, checkModules, combineParts, type VaardigModule } from '../../src/platform/module.ts';
import { describeEachDatabase } from '../helpers/db.ts';

/** Two modules claiming one migration name, command word, table or route fail at start, naming both. */

const noop = { async up() {} };
const command: CliCommand = { summary: 'test', run: async () => 0 };

test('the modules of Vaardig fit together', () => {
  expect(() => checkModules(modules)).not.toThrow();
  expect(() => allCommands(modules)).not.toThrow();
});

test('two modules with one migration name fail, naming both', () => {
  const a: VaardigModule = { name: 'alpha', migrations: { '90-shared-001': noop } };
  const b: VaardigModule = { name: 'beta', migrations: { '90-shared-001': noop } };
  expect(() => checkModules([a, b])).toThrow('The migration name "90-shared-001" is claimed by both module alpha and module beta');
  expect(() => moduleMigrations([a, b])).toThrow(/module alpha and module beta/);
});

test('two modules with one command word fail, naming both; so does a module taking a platform word', () => {
  const a: VaardigModule = { name: 'alpha', cli: { report: command } };
  const b: VaardigModule = { name: 'beta', cli: { report: command } };
  expect(() => checkModules([a, b])).toThrow('The command word "report" is claimed by both module alpha and module beta');
  expect(() => allCommands([a, b])).toThrow('The command word "report" is claimed by both module alpha and module beta');
  expect(() => allCommands([{ name: 'gamma', cli: { serve: command } }])).toThrow(
    'The command word "serve" is claimed by both the platform and module gamma',
  );
});

test('two modules owning one table fail, naming both', () => {
  expect(() =>
    checkModules([
      { name: 'alpha', tables: ['things'] },
      { name: 'beta', tables: ['things'] },
    ]),
  ).toThrow('The table "things" is claimed by both module alpha and module beta');
});

test('two parts of one module with one migration name or command word fail, naming the parts', () => {
  expect(() => combineParts('alpha', [], [{ migrations: { m: noop } }, { migrations: { m: noop } }])).toThrow(
    'The migration name "m" is claimed by both part 1 of module alpha and part 2 of module alpha',
  );
  expect(() => combineParts('alpha', [], [{ cli: { x: command } }, {}, { cli: { x: command } }])).toThrow(
    'The command word "x" is claimed by both part 1 of module alpha and part 3 of module alpha',
  );
});

describeEachDatabase('routes claimed twice', (ctx) => {
  const routeModule = (name: string, url: string): VaardigModule => ({
    name,
    routes: async (app) => {
      app.get(url, async () => ({ module: name }));
    },
  });

  test('two modules registering one route fail at start, naming both', async () => {
    const context = { ...ctx(), modules: [...ctx().modules, routeModule('alpha', '/twice'), routeModule('beta', '/twice')] };
    await expect(buildApp(context, { logger: false })).rejects.toThrow(
      'The route GET /twice is claimed by both module alpha and module beta',
    );
  });

  test('a module registering a route of another module or of the platform fails, naming both', async () => {
    const pages = { ...ctx(), modules: [...ctx().modules, routeModule('alpha', '/reset')] };
    await expect(buildApp(pages, { logger: false })).rejects.toThrow(
      'The route GET /reset is claimed by both module accounts and module alpha',
    );
    const health = { ...ctx(), modules: [...ctx().modules, routeModule('alpha', '/health')] };
    await expect(buildApp(health, { logger: false })).rejects.toThrow(
      'The route GET /health is claimed by both the platform and module alpha',
    );
  });

  test('modules with routes of their own start and answer', async () => {
    const context = { ...ctx(), modules: [...ctx().modules, routeModule('alpha', '/alpha-only')] };
    const app = await buildApp(context, { logger: false });
    expect((await app.inject({ method: 'GET', url: '/alpha-only' })).json()).toEqual({ module: 'alpha' });
    await app.close();
  });
});
