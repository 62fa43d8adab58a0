import pg from 'pg';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { modules } from '../../src/modules.ts';
import { createContext } from '../../src/platform/context.ts';
import { randomToken } from '../../src/platform/crypto.ts';
import { POSTGRES_URL, testConfig } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';

const silent = pino({ level: 'silent' });

async function waitFor(check: () => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the job');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Queues a job in one process lifetime and runs it in the next: what a restart does. */
async function survivesRestart(config: ReturnType<typeof testConfig>) {
  const first = await createContext(config, modules, { log: silent });
  await first.jobs.define('test.echo', async () => {});
  await first.jobs.send('test.echo', { word: 'kept' });
  await first.close(); // no worker ran: the job stays queued in the database

  const seen: string[] = [];
  const second = await createContext(config, modules, { log: silent });
  try {
    await second.jobs.define<{ word: string }>(
      'test.echo',
      async (data) => {
        seen.push(data.word);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await second.jobs.work();
    await waitFor(() => seen.length > 0);
    expect(seen).toEqual(['kept']);
  } finally {
    await second.close();
  }
}

describe('background jobs', () => {
  test('a queued job survives a restart [pglite]', async () => {
    await survivesRestart(testConfig({ home: tempDir('jobs') }));
  });

  (POSTGRES_URL ? test : test.skip)('a queued job survives a restart [postgres]', async () => {
    const name = `vaardig_jobs_${randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(POSTGRES_URL!);
      url.pathname = `/${name}`;
      await survivesRestart(testConfig({ databaseUrl: url.toString() }));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  test('sending to a queue without a handler names the queue', async () => {
    const ctx = await createContext(testConfig({ home: tempDir('jobs') }), modules, { log: silent });
    try {
      await expect(ctx.jobs.send('test.nobody', {})).rejects.toThrow(/test\.nobody/);
    } finally {
      await ctx.close();
    }
  });
});
