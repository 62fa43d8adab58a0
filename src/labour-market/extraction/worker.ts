import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractionIndex } from './build.ts';
import { type ExtractOptions, extract } from './match.ts';

/** A worker of ExtractionPool (pool.ts): takes the index it is given, then extracts batch after batch. */
const index = (workerData as { index: ExtractionIndex }).index;
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (job: { texts: string[]; options: ExtractOptions }) => {
  try {
    const results = job.texts.map((text) => {
      const r = extract(index, text, job.options);
      return { lang: r.lang, skills: r.skills };
    });
    parentPort!.postMessage({ results });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
