import { readFile } from 'node:fs/promises';
import { openContext, parseOptions, UsageError } from '../../platform/cli/toolkit.ts';
import { loadConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { DatabaseBusyError } from '../../platform/db/database.ts';
import type { CliCommand } from '../../platform/module.ts';
import { databaseResolver, isOwnUrl, type Resolver, serverResolver } from './local.ts';
import { UnusableInputError } from './types.ts';

const USAGE = 'Usage: vaardig verify [--allow-network] [--recipient EMAIL] FILE|URL|-';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `vaardig verify`: prints the JSON verdict; exit 0 valid (warnings allowed), 1 invalid, 2 unusable
 * input. The database is opened only when the credential refers to this instance (its did:web or
 * status lists); when a running server holds the embedded database, those documents are read from
 * the server's public URLs on BASE_URL instead (docs/decisions/006-credential-verification.md).
 */
export const verifyCommand: CliCommand = {
  summary: 'Verify a credential (JSON, JWS, baked PNG/SVG, or URL with --allow-network); prints a JSON verdict',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { 'allow-network': { type: 'boolean' }, recipient: { type: 'string' }, help: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(USAGE);
    const [target] = positionals;
    const allowNetwork = values['allow-network'] ?? false;
    let input: Buffer | string;
    try {
      if (target === '-') input = await readStdin();
      else if (/^https?:\/\//i.test(target)) input = target;
      else input = await readFile(target);
    } catch (error) {
      console.log(JSON.stringify({ valid: false, error: `Cannot read ${target}: ${(error as Error).message}`, checks: [] }, null, 2));
      return 2;
    }

    const config = loadConfig();
    let ctx: AppContext | undefined;
    let resolver: Resolver | undefined;
    const resolveLocal = async (url: string) => {
      if (!isOwnUrl(config.baseUrl, url)) return undefined;
      if (!resolver) {
        try {
          ctx = await openContext('verify');
          resolver = databaseResolver(ctx);
        } catch (error) {
          if (!(error instanceof DatabaseBusyError)) throw error;
          resolver = serverResolver(config.baseUrl);
        }
      }
      return resolver(url);
    };
    try {
      const { verifyCredential } = await import('./verify.ts');
      const verdict = await verifyCredential(input, {
        allowNetwork,
        recipientEmail: values.recipient,
        dataDir: config.dataDir,
        documentLoaderOptions: { resolveLocal, trustedOrigins: [new URL(config.baseUrl).origin] },
      });
      console.log(JSON.stringify(verdict, null, 2));
      return verdict.valid ? 0 : 1;
    } catch (error) {
      if (error instanceof UnusableInputError) {
        console.log(JSON.stringify({ valid: false, error: error.message, checks: [] }, null, 2));
        return 2;
      }
      throw error;
    } finally {
      await ctx?.close();
    }
  },
};
