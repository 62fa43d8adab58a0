// Run by `npm install` (postinstall): makes the PGlite template so a first start skips initdb.
import { writeTemplate } from './template.ts';

try {
  await writeTemplate();
} catch (error) {
  // Only a cache: the first start then runs initdb itself.
  console.warn(`vaardig: could not prepare the embedded database template (${(error as Error).message}); the first start will be slower`);
}
