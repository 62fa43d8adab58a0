import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DatabaseBusyError, openDatabase, processIdentity } from '../../src/platform/db/database.ts';
import { tempDir } from '../helpers/temp.ts';

const sleeper = spawn('sleep', ['60']);
afterAll(() => sleeper.kill());

test('a second process on the embedded database stops with a message naming the holder', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: sleeper.pid, holder: 'the Vaardig server on port 3000' }));
  const attempt = openDatabase({ dataDir, holder: 'the command "vaardig db status"' });
  await expect(attempt).rejects.toBeInstanceOf(DatabaseBusyError);
  await expect(attempt).rejects.toThrow(/in use by the Vaardig server on port 3000 \(pid \d+\).*DATABASE_URL/s);
});

test('a lock left by a process that died is taken over', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  mkdirSync(dataDir);
  const dead = spawn('true');
  await new Promise((resolve) => dead.on('exit', resolve));
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: dead.pid, holder: 'a crashed server' }));
  const database = await openDatabase({ dataDir });
  const { rows } = await database.executeSql('select 1 as one');
  expect(rows).toEqual([{ one: 1 }]);
  await database.close();
});

const linux = existsSync('/proc/self/stat');

test.runIf(linux)('a lock whose pid now belongs to another process is taken over', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  mkdirSync(dataDir);
  // The crashed server had this pid; the sleeper got it later (a different start time).
  writeFileSync(
    join(dataDir, 'vaardig.lock'),
    JSON.stringify({ pid: sleeper.pid, start: 'another-boot/12345', holder: 'a crashed server' }),
  );
  const database = await openDatabase({ dataDir });
  await database.close();
});

test.runIf(linux)('a lock naming a live process by pid and start time is respected', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  mkdirSync(dataDir);
  const start = processIdentity(sleeper.pid as number);
  expect(start).toMatch(/\/\d+$/);
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: sleeper.pid, start, holder: 'the Vaardig server on port 3000' }));
  await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DatabaseBusyError);
});

test('one process does not open the same folder twice; after closing it opens again', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  const first = await openDatabase({ dataDir, holder: 'the first opener' });
  const lock = JSON.parse(readFileSync(join(dataDir, 'vaardig.lock'), 'utf8'));
  expect(lock.pid).toBe(process.pid);
  if (linux) {
    expect(lock.start).toBe(processIdentity(process.pid));
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by the first opener/);
  }
  await first.close();
  expect(existsSync(join(dataDir, 'vaardig.lock'))).toBe(false);
  const again = await openDatabase({ dataDir });
  await again.close();
});

test('a lock without an identity that names this pid was left by an earlier process and is taken over', async () => {
  const dataDir = join(tempDir('lock'), 'pgdata');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'vaardig.lock'), JSON.stringify({ pid: process.pid, holder: 'an earlier container' }));
  const database = await openDatabase({ dataDir });
  await database.close();
});
