import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { type AppContext, createContext } from './context.ts';
import { seedDemoIfEmpty } from './demo.ts';
import { buildApp } from './http/app.ts';
import type { VaardigModule } from './module.ts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates, seeds the demo when asked, and serves HTTP with job workers running.
 * The entry point hands over the modules (src/modules.ts): the platform imports none.
 */
export async function startServer(config: Config, modules: VaardigModule[]): Promise<RunningServer> {
  const ctx = await createContext(config, modules, { holder: `the Vaardig server on port ${config.port}` });
  try {
    const demo = config.demo ? await seedDemoIfEmpty(ctx) : null;
    const app = await buildApp(ctx);
    await app.listen({ port: config.port, host: config.host });
    await ctx.jobs.work();
    const url = config.baseUrl;
    if (demo) printDemo(url, demo);
    let stopping: Promise<void> | undefined;
    return {
      app,
      ctx,
      url,
      stop() {
        stopping ??= (async () => {
          await app.close();
          await ctx.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

function printDemo(url: string, demo: { accounts: { email: string; password: string; role: string }[] }) {
  const lines = [
    '',
    `Vaardig runs on ${url} with a DEMO network (made-up people and organisations).`,
    'Sign in as:',
    ...demo.accounts.map((a) => `  ${a.role.padEnd(28)} ${a.email.padEnd(32)} password: ${a.password}`),
    'Mails go to the outbox page (/admin/outbox) until SMTP is configured. Start empty with: npm start -- --no-demo',
    '',
  ];
  console.log(lines.join('\n'));
}
