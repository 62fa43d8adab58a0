// The project's pages (every .tsx file under src/), for the tests that read their source to guard
// what the kitajs xss-scan misses (test/platform/jsx-*.test.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '../..');

export function tsxFiles(dir = join(projectRoot, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}
