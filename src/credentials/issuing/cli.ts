import { writeFile } from 'node:fs/promises';
import { parseOptions, UsageError, withContext } from '../../platform/cli/toolkit.ts';
import { findOrganisation } from '../../accounts/api.ts';
import { createOrganisation } from '../../accounts/api.ts';
import type { CliCommand } from '../../platform/module.ts';
import { achievementRow, createAchievement, NIL_USER } from './achievements.ts';
import { credentialDownload } from './downloads.ts';
import { ensureIssuer, issuerDid } from './issuer.ts';
import { issueAs } from './issue.ts';

/** Scripts act as the instance itself: the operator's rights, no person behind them. */
const SYSTEM = { id: NIL_USER, email: 'cli@localhost', name: 'vaardig CLI', isOperator: true, emailConfirmed: true, locale: null } as never;

const org: CliCommand = {
  summary: 'Organisations as issuers: `org create --slug SLUG --name NAME [--kind KIND]`',
  async run(args) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {
      slug: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      description: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (action !== 'create' || values.help || !values.slug || !values.name)
      throw new UsageError('Usage: vaardig org create --slug SLUG --name NAME [--kind employer|school|...] [--description TEXT]');
    return withContext('org create', async (ctx) => {
      const created = await createOrganisation(ctx.db, {
        slug: values.slug as string,
        name: values.name as string,
        kind: values.kind ?? 'other',
        description: values.description ?? '',
      } as never);
      await ensureIssuer(ctx, created.id);
      console.log(`organisation ${created.slug} created; issuer ${issuerDid(ctx.config.baseUrl, created.slug)}`);
      console.log(created.id);
      return 0;
    });
  },
};

const achievement: CliCommand = {
  summary: 'Badges: `achievement create --org SLUG --name ... --description ... --criteria ... [--skill URI]...` (prints the id last)',
  async run(args) {
    const [action, ...rest] = args;
    const { values } = parseOptions(rest, {
      org: { type: 'string' },
      name: { type: 'string' },
      description: { type: 'string' },
      criteria: { type: 'string' },
      'criteria-url': { type: 'string' },
      type: { type: 'string' },
      skill: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      language: { type: 'string' },
      format: { type: 'string' },
      'valid-months': { type: 'string' },
      suspendable: { type: 'boolean' },
      help: { type: 'boolean' },
    });
    if (action !== 'create' || values.help || !values.org) {
      throw new UsageError(
        'Usage: vaardig achievement create --org SLUG --name NAME --description TEXT --criteria TEXT [--criteria-url URL] [--type Badge] [--skill SKILL_URI_OR_ID]... [--tag T]... [--language en] [--format eddsa-rdfc-2022|vc-jwt] [--valid-months N] [--suspendable]',
      );
    }
    return withContext('achievement create', async (ctx) => {
      const created = await createAchievement(ctx, SYSTEM, values.org as string, {
        name: values.name,
        description: values.description,
        criteriaNarrative: values.criteria,
        criteriaUrl: values['criteria-url'],
        achievementType: values.type,
        skills: values.skill ?? [],
        tags: values.tag ?? [],
        language: values.language,
        proofFormat: values.format,
        suspendable: values.suspendable,
        validMonths: values['valid-months'] ? Number(values['valid-months']) : undefined,
      });
      console.log(`achievement "${created.name}" created (${created.uri}), aligned to ${created.alignments.length} skill(s)`);
      console.log(created.id);
      return 0;
    });
  },
};

const FORMATS = ['json', 'jwt', 'png', 'svg'] as const;

const issue: CliCommand = {
  summary:
    'Issue a badge: `issue --org SLUG --achievement ID --recipient EMAIL [--name NAME] [--format json|jwt|png|svg] [--proof eddsa-rdfc-2022|vc-jwt] --out FILE`',
  async run(args) {
    const { values } = parseOptions(args, {
      org: { type: 'string' },
      achievement: { type: 'string' },
      recipient: { type: 'string' },
      name: { type: 'string' },
      format: { type: 'string' },
      proof: { type: 'string' },
      out: { type: 'string' },
      evidence: { type: 'string', multiple: true },
      'no-mail': { type: 'boolean' },
      help: { type: 'boolean' },
    });
    const format = (values.format ?? 'json') as (typeof FORMATS)[number];
    if (values.help || !values.org || !values.achievement || !values.recipient || !values.out || !FORMATS.includes(format)) {
      throw new UsageError(
        'Usage: vaardig issue --org SLUG --achievement ID --recipient EMAIL|DID [--name NAME] [--evidence URL]... [--format json|jwt|png|svg] [--proof eddsa-rdfc-2022|vc-jwt] [--no-mail] --out FILE\n' +
          "  The proof is the achievement's default unless --proof names the other; --format jwt writes a VC-JWT (and so asks for --proof vc-jwt).",
      );
    }
    return withContext('issue', async (ctx) => {
      const organisation = await findOrganisation(ctx.db, values.org as string);
      if (!organisation) throw new UsageError(`There is no organisation "${values.org}"`);
      const row = await achievementRow(ctx, organisation.id, values.achievement as string);
      // A JWT file needs a VC-JWT proof: whatever the achievement's default, this issue gets one.
      if (format === 'jwt' && values.proof && values.proof !== 'vc-jwt')
        throw new UsageError('--format jwt writes a VC-JWT: leave out --proof or give --proof vc-jwt');
      const proofFormat = format === 'jwt' ? 'vc-jwt' : values.proof;
      const recipient = values.recipient as string;
      const credential = await issueAs(
        ctx,
        organisation,
        {
          achievementId: row.id,
          recipient: recipient.startsWith('did:') ? { did: recipient, name: values.name } : { email: recipient, name: values.name },
          evidence: values.evidence,
          proofFormat,
          notify: !values['no-mail'],
        },
        null,
      );
      const file = await credentialDownload(ctx, credential, format);
      await writeFile(values.out as string, file.body);
      console.log(`issued ${credential.url} to ${recipient}; wrote ${format} to ${values.out}`);
      console.log(credential.id);
      return 0;
    });
  },
};

export const issuingCli: Record<string, CliCommand> = { org, achievement, issue };
