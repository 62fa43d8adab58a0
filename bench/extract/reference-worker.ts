// A worker of bench/extract's reference on worker threads: the plain Aho–Corasick scan of every
// label (modern-ahocorasick) over the lower-cased text; answers each batch with its raw hits.
import { parentPort, workerData } from 'node:worker_threads';
import AhoCorasick from 'modern-ahocorasick';

const automaton = new AhoCorasick((workerData as { labels: string[] }).labels);
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (texts: string[]) => {
  let hits = 0;
  for (const text of texts) hits += automaton.search(text.toLowerCase()).length;
  parentPort!.postMessage({ hits });
});
