import type { CurrentUser } from '../../../src/accounts/api.ts';
import type { AppContext } from '../../../src/platform/context.ts';
import { randomToken, sha256 } from '../../../src/platform/crypto.ts';
import type { OrgRole } from '../../../src/accounts/api.ts';
import { labelRowsFor, replaceLabels } from '../../../src/skills/labels.ts';

/** A person, inserted directly (the accounts module's own tests cover sign-up). */
export async function makeUser(
  ctx: AppContext,
  name: string,
  options: { operator?: boolean } = {},
): Promise<CurrentUser & { token: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${randomToken(4).toLowerCase()}@example.test`;
  const row = await ctx.db
    .insertInto('users')
    .values({ email, name, password_hash: 'x', is_operator: options.operator ?? false, email_confirmed_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = `vdg_${randomToken(24)}`;
  await ctx.db
    .insertInto('api_tokens')
    .values({ user_id: row.id, name: 'test', token_hash: sha256(token), prefix: token.slice(0, 8) })
    .execute();
  return { id: row.id, email, name, isOperator: options.operator ?? false, emailConfirmed: true, locale: null, token };
}

export async function makeOrg(ctx: AppContext, name: string, members: [CurrentUser, OrgRole][] = []): Promise<string> {
  const slug = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomToken(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const org = await ctx.db
    .insertInto('organisations')
    .values({ slug, name, kind: 'employer', description: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [user, role] of members) {
    await ctx.db.insertInto('memberships').values({ organisation_id: org.id, user_id: user.id, role }).execute();
  }
  return org.id;
}

export interface EscoFixtureSkill {
  uri: string;
  name: { en: string; nl?: string };
  alt?: { en?: string[]; nl?: string[] };
}

/** A few ESCO-like skills, inserted directly with their labels, for crosswalk tests. */
export async function insertEscoSkills(ctx: AppContext, skills: EscoFixtureSkill[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const s of skills) {
    const row = await ctx.db
      .insertInto('skills')
      .values({
        source: 'esco',
        kind: 'skill',
        external_uri: s.uri,
        skill_type: 'skill/competence',
        name: JSON.stringify(s.name),
        statement: '{}',
        scope_note: '{}',
        alt_labels: JSON.stringify(s.alt ?? {}),
        hidden_labels: '{}',
        keywords: '{}',
        categories: '[]',
        standards: '[]',
        certifications: '[]',
        employers: '[]',
        alignments: '[]',
        occupations: '[]',
        status: 'published',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceLabels(ctx.db, [row.id], labelRowsFor(row.id, { name: s.name, alt_labels: s.alt ?? {} }));
    ids[s.uri] = row.id;
  }
  return ids;
}

/** A multipart/form-data body with one file, for app.inject. */
export function multipart(fileName: string, content: Buffer | string, type = 'application/octet-stream') {
  const boundary = `----vaardig${randomToken(8).replace(/[^a-zA-Z0-9]/g, '')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
