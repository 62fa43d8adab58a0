import type { CliCommand } from '../platform/module.ts';
import { escoCommands } from './esco/cli.ts';
import { libraryCommands } from './library/cli.ts';
import { searchCommands } from './search/cli.ts';

/**
 * The subcommands of `vaardig skills <sub>`, by name. Each part of the skills module keeps its own
 * commands in its own file and adds them here with one import and one spread, so parts never clash
 * on the shared `skills` word (src/skills/cli.ts dispatches).
 */
export const skillsCommands: Record<string, CliCommand> = {
  ...escoCommands,
  ...libraryCommands,
  ...searchCommands,
};
