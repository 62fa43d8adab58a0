import { commands } from './commands.ts';

const [name = 'serve', ...args] = process.argv.slice(2);

async function run(): Promise<number> {
  if (name === '--help' || name === 'help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`vaardig: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'Usage: vaardig <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    "Run `vaardig <command> --help` for a command's options.",
  ].join('\n');
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
