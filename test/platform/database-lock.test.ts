import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DatabaseBusyError, openDatabase } from '../../src/platform/db/database.ts';

const sleeper = spawn('sleep', ['60']);
afterAll(() => sleeper.kill());

test('a second process on the embedded database stops with a message naming the holder', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vaardig-lock-')), 'pgdata');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: sleeper.pid, holder: 'the Vaardig server on port 3000' }));
  const attempt = openDatabase({ dataDir, holder: 'the command "vaardig db status"' });
  await expect(attempt).rejects.toBeInstanceOf(DatabaseBusyError);
  await expect(attempt).rejects.toThrow(/in use by the Vaardig server on port 3000 \(pid \d+\).*DATABASE_URL/s);
});

test('a lock left by a process that died is taken over', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'vaardig-lock-')), 'pgdata');
  mkdirSync(dataDir);
  const dead = spawn('true');
  await new Promise((resolve) => dead.on('exit', resolve));
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: dead.pid, holder: 'a crashed server' }));
  const database = await openDatabase({ dataDir });
  const { rows } = await database.executeSql('select 1 as one');
  expect(rows).toEqual([{ one: 1 }]);
  await database.close();
});
