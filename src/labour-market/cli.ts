import { findOrganisation } from '../accounts/api.ts';
import { commandGroup, parseOptions, UsageError, withContext } from '../platform/cli/toolkit.ts';
import type { CliCommand } from '../platform/module.ts';
import { executeRun } from './harvest.ts';
import { healthOf, listRuns, queueRun } from './runs.ts';
import { listSources } from './sources.ts';
import { tagPending, untaggedCount } from './tagging.ts';
import { isUuid } from './vacancies.ts';

async function organisationId(
  ctx: Parameters<Parameters<typeof withContext>[1]>[0],
  slug: string | undefined,
): Promise<string | undefined> {
  if (!slug) return undefined;
  const org = await findOrganisation(ctx.db, slug);
  if (!org) throw new UsageError(`no organisation "${slug}"`);
  return org.id;
}

const sourcesCommand: CliCommand = {
  summary: 'List vacancy sources with their health: vacancies sources [--org SLUG]',
  async run(args) {
    const { values } = parseOptions(args, { org: { type: 'string' } });
    return withContext('vacancies sources', async (ctx) => {
      const org = await organisationId(ctx, values.org);
      for (const source of await listSources(ctx, org ? [org] : null)) {
        const runs = await listRuns(ctx, source.id, 5);
        const last = runs[0];
        console.log(
          [
            source.id,
            source.kind.padEnd(4),
            healthOf(runs).padEnd(7),
            source.name,
            last ? `${last.status} ${new Date(last.created_at).toISOString()}` : '-',
          ].join('  '),
        );
      }
      return 0;
    });
  },
};

const runCommand: CliCommand = {
  summary: 'Run a site or feed source now, in this process: vacancies run SOURCE_ID',
  async run(args) {
    const { positionals } = parseOptions(args, {}, true);
    const [id] = positionals;
    if (!id || !isUuid(id)) throw new UsageError('give the id of a source (vaardig vacancies sources lists them)');
    return withContext('vacancies run', async (ctx) => {
      const source = await ctx.db.selectFrom('vacancy_sources').selectAll().where('id', '=', id).executeTakeFirst();
      if (!source) throw new UsageError(`no source ${id}`);
      // The command runs the job itself (commands run no workers); the queued job then finds it done.
      const run = await queueRun(ctx, source, null);
      await executeRun(ctx, run.id);
      const done = await ctx.db.selectFrom('vacancy_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
      console.log(`${done.status}: ${JSON.stringify(done.counts)}`);
      return done.status === 'done' ? 0 : 1;
    });
  },
};

const tagCommand: CliCommand = {
  summary: 'Tag the skills of vacancies that wait for it: vacancies tag [--org SLUG]',
  async run(args) {
    const { values } = parseOptions(args, { org: { type: 'string' } });
    return withContext('vacancies tag', async (ctx) => {
      const org = await organisationId(ctx, values.org);
      const tagged = await tagPending(ctx, { organisationId: org });
      console.log(`${tagged} tagged, ${await untaggedCount(ctx, org)} waiting`);
      return 0;
    });
  },
};

/** `vaardig vacancies <sub>`: sources, run, tag. */
export const labourMarketCli = {
  vacancies: commandGroup('vacancies', 'Vacancy sources and harvesting', { sources: sourcesCommand, run: runCommand, tag: tagCommand }),
};
