import { commandGroup } from '../platform/cli/toolkit.ts';
import type { CliCommand } from '../platform/module.ts';
import { issuingCli } from './issuing/cli.ts';
import { verifyCommand } from './verification/cli.ts';

/** The subcommands of `vaardig credentials <sub>`: each part's commands, by name. */
export const credentialsCommands: Record<string, CliCommand> = { ...issuingCli, verify: verifyCommand };

/**
 * `vaardig credentials <sub>`: org, achievement, issue and verify under the module's word. The
 * parts also keep registering their commands under their own words (`vaardig issue`, `vaardig
 * verify`, ...), which scripts and the docs use.
 */
export const credentialsCli = commandGroup('credentials', 'Open Badges credentials', credentialsCommands);
