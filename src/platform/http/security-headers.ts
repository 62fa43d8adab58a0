import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { HelmetOptions } from 'helmet';

// helmet comes with @fastify/helmet (whose options these are); loaded from there, so the version
// is the one @fastify/helmet was tested with.
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as (
  options: HelmetOptions,
) => (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The headers helmet sets for these options, worked out once. `@fastify/helmet` builds helmet's
 * middleware again on every request (parsing the content security policy each time: ≈ a third of
 * what a kept public page allocated, issue 13); the options never change while the server runs, so
 * neither do the headers.
 */
export function securityHeaders(options: HelmetOptions): { set: [string, string | string[]][]; removed: string[] } {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      const at = set.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
      const entry: [string, string | string[]] = [name, Array.isArray(value) ? [...value] : String(value)];
      if (at >= 0) set[at] = entry;
      else set.push(entry);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    failed = error;
  });
  if (failed) throw failed;
  return { set, removed };
}

/**
 * Sends helmet's headers (see `securityHeaders`) on every answer, as `@fastify/helmet` did: on the
 * raw response before any handler, so a route can still read, change or remove one (the backpack's
 * embed, the OAuth consent page).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const { set, removed } = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of removed) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
}
