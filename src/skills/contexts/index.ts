import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The URL RSD documents name as their JSON-LD context (OSMT's). */
export const RSD_CONTEXT_URL = 'https://rsd.openskillsnetwork.org/context-v1.json';
/**
 * Vaardig's extension for multilingual RSD exports (`?lang=all`): the `translations` term. Served
 * by every instance at /api/v1/contexts/vaardig-rsd-v1.json; the document is bundled here.
 */
export const VAARDIG_RSD_CONTEXT_PATH = '/api/v1/contexts/vaardig-rsd-v1.json';

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(here, file), 'utf8'));
}

/**
 * JSON-LD context documents, bundled: nothing is fetched at run time. The RSD context is written
 * from the Open Skills Network's RSD term list (the terms OSMT's JSON uses); it is a faithful
 * reconstruction, not a byte copy of the published file, which cannot be fetched here.
 */
export const bundledContexts: Record<string, Record<string, unknown>> = {
  [RSD_CONTEXT_URL]: load('rsd-context-v1.json'),
};

export const vaardigRsdContext = load('vaardig-rsd-extension.json');

/** A document loader for JSON-LD libraries that serves only bundled contexts and never goes online. */
export function bundledDocumentLoader(extra: Record<string, Record<string, unknown>> = {}) {
  return async (url: string) => {
    const document = extra[url] ?? bundledContexts[url];
    if (!document) throw new Error(`JSON-LD context ${url} is not bundled; Vaardig fetches no contexts`);
    return { contextUrl: null, documentUrl: url, document };
  };
}
