// The entry of a ProofPool worker thread: Vaardig's sources are TypeScript (docs/decisions/002), so
// the worker registers tsx for itself before loading worker.ts, however the main thread started.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
