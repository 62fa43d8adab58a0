import { parentPort } from 'node:worker_threads';
import type { SerializedEd25519KeyPair } from './index.ts';

/**
 * A worker of ProofPool (pool.ts): signs and verifies batches on the fast lane. It keeps its own
 * prepared shapes, and the documents it was given (DID documents, status lists) by URL while their
 * text stays the same, so that what it remembers about a status list holds across batches.
 */

export type WorkerTask =
  | {
      kind: 'sign';
      id: number;
      credentials: object[];
      keyPair: SerializedEd25519KeyPair;
      verificationMethod: string;
      date?: string;
    }
  | {
      kind: 'verify';
      id: number;
      inputs: unknown[];
      /** URL → JSON text of the documents the verifier may need (this instance's, known issuers). */
      documents: Record<string, string>;
      /** Issuers whose credentials take the fast lane. */
      knownIssuers: string[];
      now?: string;
      dataDir?: string;
    };

export type WorkerReply = { id: number; results: unknown[] } | { id: number; error: string };

const held = new Map<string, { text: string; document: unknown }>();

function documentsOf(texts: Record<string, string>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [url, text] of Object.entries(texts)) {
    let entry = held.get(url);
    if (!entry || entry.text !== text) {
      entry = { text, document: JSON.parse(text) };
      held.set(url, entry);
    }
    out.set(url, entry.document);
  }
  return out;
}

async function run(task: WorkerTask): Promise<unknown[]> {
  if (task.kind === 'sign') {
    const { signDataIntegrityFast } = await import('./fast.ts');
    const out = [];
    for (const credential of task.credentials)
      out.push(
        await signDataIntegrityFast(credential, { keyPair: task.keyPair, verificationMethod: task.verificationMethod, date: task.date }),
      );
    return out;
  }
  const { verifyCredential } = await import('../verification/verify.ts');
  const documents = documentsOf(task.documents);
  const known = new Set(task.knownIssuers);
  const now = task.now ? new Date(task.now) : undefined;
  const out = [];
  for (const input of task.inputs)
    out.push(
      await verifyCredential(input, {
        documentLoaderOptions: { extraDocuments: documents },
        fastLane: (issuer) => known.has(issuer),
        now,
        dataDir: task.dataDir,
      }),
    );
  return out;
}

parentPort?.on('message', (task: WorkerTask) => {
  run(task).then(
    (results) => parentPort?.postMessage({ id: task.id, results } satisfies WorkerReply),
    (error: Error) => parentPort?.postMessage({ id: task.id, error: error?.message ?? String(error) } satisfies WorkerReply),
  );
});
parentPort?.postMessage({ ready: true });
