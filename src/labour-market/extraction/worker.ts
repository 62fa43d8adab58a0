import { parentPort, workerData } from 'node:worker_threads';
import type { ExtractionIndex } from './build.ts';
import { type ExtractOptions, extract } from './match.ts';
import { encodeResults } from './transport.ts';

/**
 * A worker of ExtractionPool (pool.ts): takes the index it is given, then extracts batch after
 * batch, answering each with its results encoded (transport.ts; structured clone when the pool asks
 * for `clone`), or, asked `cpu`, with the CPU time the thread has used.
 */
const { index, transport } = workerData as { index: ExtractionIndex; transport: 'compact' | 'clone' };
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (job: { texts: string[]; options: ExtractOptions } | { cpu: true }) => {
  if ('cpu' in job) {
    const used = process.threadCpuUsage();
    parentPort!.postMessage({ cpu: (used.user + used.system) / 1000 });
    return;
  }
  try {
    const results = job.texts.map((text) => {
      const r = extract(index, text, job.options);
      return { lang: r.lang, skills: r.skills };
    });
    if (transport === 'clone') parentPort!.postMessage({ results });
    else {
      const encoded = encodeResults(results);
      parentPort!.postMessage({ encoded }, [encoded.ints.buffer as ArrayBuffer, encoded.scores.buffer as ArrayBuffer]);
    }
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
