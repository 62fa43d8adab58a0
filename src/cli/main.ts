// The entry of the `vaardig` command: hands the modules to the platform's CLI toolkit and runs one command.
import { modules } from '../modules.ts';
import { allCommands } from '../platform/cli/commands.ts';
import { commandList, useModules } from '../platform/cli/toolkit.ts';

const [name = 'serve', ...args] = process.argv.slice(2);

async function run(): Promise<number> {
  useModules(modules);
  const commands = allCommands(modules);
  const usage = () =>
    [
      'Usage: vaardig <command> [options]',
      '',
      'Commands:',
      ...commandList(commands),
      '',
      "Run `vaardig <command> --help` for a command's options.",
    ].join('\n');
  if (name === '--help' || name === 'help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`vaardig: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

run().then(
  (code) => {
    // `serve` keeps running; every other command ends here.
    if (code >= 0) process.exit(code);
  },
  (error: Error) => {
    console.error(`vaardig ${name}: ${error.message}`);
    process.exit(error.name === 'UsageError' ? 2 : 1);
  },
);
