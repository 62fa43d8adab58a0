// The entry of the `vaardig` command: runs one command with the modules (src/platform/cli/commands.ts).
import { modules } from '../modules.ts';
import { runCli } from '../platform/cli/commands.ts';

runCli(modules, process.argv.slice(2)).then(
  (code) => {
    // `serve` keeps running; every other command ends here.
    if (code >= 0) process.exit(code);
  },
  // The modules do not fit together (two claim one command word, ...): nothing could run.
  (error: Error) => {
    console.error(`vaardig: ${error.message}`);
    process.exit(1);
  },
);
