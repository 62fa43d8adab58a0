import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { OrgRole } from '../schema.ts';
import { hashPassword } from './passwords.ts';

export const MIN_PASSWORD_LENGTH = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export interface NewUser {
  email: string;
  name: string;
  password: string;
  emailConfirmed?: boolean;
  isOperator?: boolean;
  isDemo?: boolean;
  locale?: string | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Kysely<Database>, input: NewUser): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  const errors: Record<string, string> = {};
  if (!EMAIL.test(email)) errors.email = 'must be an email address';
  if (!input.name.trim()) errors.name = 'is required';
  if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new ConflictError('An account with this email address already exists', { field: 'email' });
  return db
    .insertInto('users')
    .values({
      email,
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      email_confirmed_at: input.emailConfirmed ? new Date() : null,
      is_operator: input.isOperator ?? false,
      is_demo: input.isDemo ?? false,
      locale: input.locale ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface NewOrganisation {
  slug: string;
  name: string;
  kind?: string;
  description?: string;
  website?: string | null;
  isDemo?: boolean;
}

export async function createOrganisation(db: Kysely<Database>, input: NewOrganisation, ownerId?: string): Promise<{ id: string; slug: string }> {
  const slug = input.slug.trim().toLowerCase();
  const errors: Record<string, string> = {};
  if (!SLUG.test(slug)) errors.slug = 'must be 1 to 64 lowercase letters, digits and hyphens';
  if (!input.name.trim()) errors.name = 'is required';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
    if (taken) throw new ConflictError(`The address "${slug}" is already taken`, { field: 'slug' });
    const org = await trx
      .insertInto('organisations')
      .values({
        slug,
        name: input.name.trim(),
        kind: input.kind ?? 'other',
        description: input.description ?? '',
        website: input.website ?? null,
        is_demo: input.isDemo ?? false,
      })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    if (ownerId) await trx.insertInto('memberships').values({ organisation_id: org.id, user_id: ownerId, role: 'owner' }).execute();
    return org;
  });
}

export async function addMember(db: Kysely<Database>, organisationId: string, userId: string, role: OrgRole): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ organisation_id: organisationId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}
