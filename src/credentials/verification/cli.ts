import { readFile, stat } from 'node:fs/promises';
import { openContext, parseOptions, UsageError } from '../../platform/cli/toolkit.ts';
import { loadConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { DatabaseBusyError } from '../../platform/db/database.ts';
import type { CliCommand } from '../../platform/module.ts';
import { databaseResolver, isOwnUrl, type Resolver, serverResolver } from './local.ts';
import { E } from '../errors.ts';
import en from './locales/en.ts';
import { UnusableInputError } from './types.ts';

const MAX_INPUT = 10 * 1024 * 1024;

/** A verification error in English (the CLI's language), from the part's own messages. */
function english(error: UnusableInputError): string {
  const name = error.code.split('.').at(-1) as keyof typeof en.errors;
  const text: string = en.errors[name] ?? error.code;
  return text.replace(/\{\{(\w+)\}\}/g, (_, key) => String(error.params[key] ?? ''));
}

const USAGE = 'Usage: vaardig verify [--allow-network] [--recipient EMAIL] FILE|URL|-';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT) throw new UnusableInputError(E.inputTooLarge, { max: MAX_INPUT / 1024 / 1024 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function unusable(error: UnusableInputError): number {
  console.log(JSON.stringify({ valid: false, error: english(error), code: error.code, checks: [] }, null, 2));
  return 2;
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
      else {
        if ((await stat(target)).size > MAX_INPUT) throw new UnusableInputError(E.inputTooLarge, { max: MAX_INPUT / 1024 / 1024 });
        input = await readFile(target);
      }
    } catch (error) {
      if (error instanceof UnusableInputError) return unusable(error);
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
      if (error instanceof UnusableInputError) return unusable(error);
      throw error;
    } finally {
      await ctx?.close();
    }
  },
};
