import { UsageError } from '../cli/context.ts';
import type { CliCommand } from '../platform/module.ts';
import { skillsCommands } from './cli-registry.ts';

function usage(): string {
  const names = Object.keys(skillsCommands).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  return [
    'Usage: vaardig skills <subcommand> [options]',
    '',
    'Subcommands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${skillsCommands[n]!.summary}`),
  ].join('\n');
}

/** `vaardig skills <sub> ...`: dispatches to the subcommands in `skillsCommands`. */
export const skillsCli: CliCommand = {
  summary: `Skills library: ${Object.keys(skillsCommands).sort().join(', ') || 'subcommands'} (vaardig skills --help)`,
  async run(args) {
    const [sub, ...rest] = args;
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      console.log(usage());
      return 0;
    }
    const command = skillsCommands[sub];
    if (!command) throw new UsageError(`unknown subcommand "skills ${sub}"\n\n${usage()}`);
    return command.run(rest);
  },
};
