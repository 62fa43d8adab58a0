import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The seconds each test file took in the last fresh-clone CI run (.ci/run, two workers), so that a
 * run on a fresh clone, which has no vitest cache of durations, still starts the longest files
 * first. Without it vitest orders unknown files by their size in bytes: the search quality test
 * (short file, 90 s) started among the last and left one worker running it alone at the end.
 * Refresh it from a CI log when the order changes much (docs/decisions/015-fast-tests.md).
 */
const RECORDED: Record<string, number> = JSON.parse(readFileSync(resolve(import.meta.dirname, 'durations.json'), 'utf8'));

/**
 * Longest file first: by the duration vitest measured on this machine when it has one
 * (node_modules/.vite), else by the recorded CI duration; files known to neither (new ones) first,
 * as vitest does, since nothing says they are short.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const path = relative(root, spec.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`);
      if (cached && !cached.failed && cached.duration > 0) return cached.duration / 1000;
      return RECORDED[path] ?? Number.POSITIVE_INFINITY;
    };
    return [...files]
      .map((spec) => [spec, seconds(spec)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([spec]) => spec);
  }
}
