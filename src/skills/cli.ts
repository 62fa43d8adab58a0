import { commandGroup } from '../platform/cli/toolkit.ts';
import { skillsCommands } from './cli-registry.ts';

/** `vaardig skills <sub> ...`: the subcommands of every part of the skills module (src/skills/cli-registry.ts). */
export const skillsCli = commandGroup('skills', 'Skills library', skillsCommands);
