import type { Kysely } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { randomToken, sha256 } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { isLocale } from '../platform/i18n.ts';
import type { Locale } from '../platform/module.ts';
import type { OrgRole } from './schema.ts';
import { sendAccountMail } from './mails.ts';
import { checkAttempts, clearAttempts, countAttempt, recordAttempt } from './attempts.ts';
import { E } from './errors.ts';
import { hashPassword, verifyAndUpgrade, verifyPassword } from './passwords.ts';
import { createSession, type CurrentUser } from './sessions.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;
export const CONFIRM_HOURS = 48;
export const RESET_HOURS = 1;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Words that are paths of their own under /organisations. */
const RESERVED_SLUGS = ['new', 'admin', 'api', 'invitations'];
export const ORG_KINDS = ['network', 'employer', 'school', 'training-provider', 'event-organiser', 'community', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface NewUser {
  email: string;
  name: string;
  password: string;
  /** A hash of `password` made before (the demo hashes its one public password once for all). */
  passwordHash?: string;
  emailConfirmed?: boolean;
  isOperator?: boolean;
  isDemo?: boolean;
  locale?: string | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return email.length <= 320 && EMAIL.test(email);
}

const MAX_NAME_LENGTH = 200;

/** Throws the errors of a form all at once (a 400 naming every field at fault), when there are any. */
function throwAll(errors: AppError[]): void {
  if (errors.length) throw invalidFields(errors);
}

function nameError(name: string): AppError | undefined {
  if (!name.trim()) return PlatformErrors.required('name');
  if (name.trim().length > MAX_NAME_LENGTH) return PlatformErrors.tooLong('name', { max: MAX_NAME_LENGTH });
  return undefined;
}

function emailError(email: string): AppError | undefined {
  if (!email) return PlatformErrors.required('email');
  if (!isEmail(email)) return PlatformErrors.notEmail('email');
  return undefined;
}

function passwordError(password: string): AppError | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return E.passwordLength('password', { min: MIN_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH) return PlatformErrors.tooLong('password', { max: MAX_PASSWORD_LENGTH });
  return undefined;
}

function present(errors: (AppError | undefined)[]): AppError[] {
  return errors.filter((e): e is AppError => e !== undefined);
}

function userErrors(input: { email: string; name: string; password: string }): AppError[] {
  return present([nameError(input.name), emailError(normaliseEmail(input.email)), passwordError(input.password)]);
}

/** Creates an account (no mail, no session): for the demo seed, the CLI and tests. */
export async function createUser(db: Kysely<Database>, input: NewUser): Promise<{ id: string }> {
  const email = normaliseEmail(input.email);
  throwAll(userErrors(input));
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw E.emailTaken('email');
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  try {
    return await db
      .insertInto('users')
      .values({
        email,
        name: input.name.trim(),
        password_hash: passwordHash,
        email_confirmed_at: input.emailConfirmed ? new Date() : null,
        is_operator: input.isOperator ?? false,
        is_demo: input.isDemo ?? false,
        locale: input.locale ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  } catch (error) {
    // Two sign-ups with the same address at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw E.emailTaken('email');
    throw error;
  }
}

export async function getCurrentUser(db: Kysely<Database>, userId: string): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_operator', 'email_confirmed_at', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        email: row.email,
        name: row.name,
        isOperator: row.is_operator,
        emailConfirmed: row.email_confirmed_at !== null,
        locale: row.locale,
      }
    : null;
}

// ---------------------------------------------------------------------------------------------
// Single-use links by mail: confirmation and password reset

async function issueEmailToken(db: Kysely<Database>, userId: string, purpose: 'confirm' | 'reset', hours: number): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('email_tokens')
    .values({ token_hash: sha256(token), user_id: userId, purpose, expires_at: new Date(Date.now() + hours * 3_600_000) })
    .execute();
  return token;
}

/** Uses a link once: marks it used and returns its user, or null when unknown, used or expired. */
async function consumeEmailToken(db: Kysely<Database>, token: string, purpose: 'confirm' | 'reset'): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const row = await db
    .updateTable('email_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Whether a link can still be used, without using it (to show the form that uses it). */
export async function emailTokenValid(db: Kysely<Database>, token: string, purpose: 'confirm' | 'reset'): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await db
    .selectFrom('email_tokens')
    .select('user_id')
    .where('token_hash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return Boolean(row);
}

async function sendConfirmation(ctx: AppContext, user: { id: string; email: string; name: string }, lang: Locale): Promise<void> {
  const token = await issueEmailToken(ctx.db, user.id, 'confirm', CONFIRM_HOURS);
  await sendAccountMail(ctx, lang, user.email, 'confirm', {
    name: user.name,
    link: `${ctx.config.baseUrl}/confirm/${token}`,
    hours: CONFIRM_HOURS,
  });
}

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
}

/**
 * Sign-up answers the same whether or not the address has an account, so the form tells nobody
 * which addresses are taken: a new address gets its account and a confirmation link (following it
 * signs the person in); the owner of a known address gets a mail saying someone tried, with links
 * to sign in and to reset the password. Both cost one password hash, and count as an attempt on
 * the address (src/accounts/attempts.ts).
 */
export async function signUp(ctx: AppContext, input: SignUpInput, lang: Locale): Promise<void> {
  throwAll(userErrors(input));
  const address = normaliseEmail(input.email);
  await countAttempt(ctx.db, address);
  const existing = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('email', '=', address)
    .executeTakeFirst();
  if (!existing) {
    try {
      const user = await createUser(ctx.db, { ...input, locale: lang });
      await sendConfirmation(ctx, { id: user.id, email: address, name: input.name.trim() }, lang);
      return;
    } catch (error) {
      // Someone else signed up with this address a moment ago: they are now the owner to tell.
      if (!(error instanceof AppError && error.code === E.emailTaken.code)) throw error;
    }
  } else {
    await hashPassword(input.password);
  }
  const owner =
    existing ??
    (await ctx.db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('email', '=', address).executeTakeFirst());
  if (!owner) return;
  await sendAccountMail(ctx, isLocale(owner.locale) ? owner.locale : lang, owner.email, 'signupExisting', {
    name: owner.name,
    signin: `${ctx.config.baseUrl}/signin`,
    reset: `${ctx.config.baseUrl}/reset`,
  });
}

/** Sends a new confirmation link when the address belongs to an unconfirmed account; silent otherwise. */
export async function resendConfirmation(ctx: AppContext, email: string, lang: Locale): Promise<void> {
  const address = normaliseEmail(email);
  throwAll(present([emailError(address)]));
  await countAttempt(ctx.db, address);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('email', '=', address)
    .where('email_confirmed_at', 'is', null)
    .executeTakeFirst();
  if (user) await sendConfirmation(ctx, user, isLocale(user.locale) ? user.locale : lang);
}

/** Confirms the address behind a link and starts a session; null when the link is unknown, used or expired. */
export async function confirmEmail(
  ctx: AppContext,
  token: string,
): Promise<{ userId: string; session: { token: string; expiresAt: Date } } | null> {
  const userId = await consumeEmailToken(ctx.db, token, 'confirm');
  if (!userId) return null;
  await ctx.db
    .updateTable('users')
    .set({ email_confirmed_at: new Date() })
    .where('id', '=', userId)
    .where('email_confirmed_at', 'is', null)
    .execute();
  return { userId, session: await createSession(ctx.db, userId) };
}

let dummyHash: Promise<string> | undefined;

/** Checks email and password; the same work is done for unknown addresses, so timing tells nothing. */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<string | null> {
  const address = normaliseEmail(email);
  const user = address
    ? await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', address).executeTakeFirst()
    : undefined;
  if (!user) {
    dummyHash ??= hashPassword('not a password of anyone');
    await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await dummyHash);
    return null;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return null;
  // A right password on a hash weaker than today's (scrypt, decision 022) stores an Argon2id hash of it.
  return (await verifyAndUpgrade(db, user, password)) ? user.id : null;
}

/** Sign-in: a session for the right email and password, else `signInFailed`, which does not say which of the two is wrong. */
export async function signIn(
  ctx: AppContext,
  email: string,
  password: string,
  client?: string,
): Promise<{ userId: string; session: { token: string; expiresAt: Date } }> {
  throwAll(
    present([email.trim() ? undefined : PlatformErrors.required('email'), password ? undefined : PlatformErrors.required('password')]),
  );
  // Failed sign-ins count per account, from whatever client address they come, and per client address (`client`), on whatever accounts.
  const address = normaliseEmail(email);
  await checkAttempts(ctx.db, address, client);
  const userId = await authenticate(ctx.db, email, password);
  if (!userId) {
    await recordAttempt(ctx.db, address, client);
    throw E.signInFailed('email');
  }
  await clearAttempts(ctx.db, address);
  return { userId, session: await createSession(ctx.db, userId) };
}

/** Mails a reset link when the address has an account; says nothing either way. */
export async function requestPasswordReset(ctx: AppContext, email: string, lang: Locale): Promise<void> {
  const address = normaliseEmail(email);
  throwAll(present([emailError(address)]));
  await countAttempt(ctx.db, address);
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('email', '=', address).executeTakeFirst();
  if (!user) return;
  const token = await issueEmailToken(ctx.db, user.id, 'reset', RESET_HOURS);
  await sendAccountMail(ctx, isLocale(user.locale) ? user.locale : lang, user.email, 'reset', {
    name: user.name,
    link: `${ctx.config.baseUrl}/reset/${token}`,
    hours: RESET_HOURS,
  });
}

/** Sets a new password with a reset link and ends every session of the account. False when the link is no good. */
export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<boolean> {
  throwAll(present([passwordError(password)]));
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx) => {
    const userId = await consumeEmailToken(trx, token, 'reset');
    if (!userId) return false;
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    // The link proved the person reads this mailbox.
    await trx
      .updateTable('users')
      .set({ email_confirmed_at: new Date() })
      .where('id', '=', userId)
      .where('email_confirmed_at', 'is', null)
      .execute();
    return true;
  });
}

/** Remembers the language a signed-in person chose on the language switch. */
export async function saveLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

export interface ProfileInput {
  name: string;
  locale: string | null;
}

export async function updateProfile(db: Kysely<Database>, userId: string, input: ProfileInput): Promise<void> {
  const name = input.name.trim();
  const badLocale = input.locale !== null && input.locale !== '' && !isLocale(input.locale);
  throwAll(present([nameError(name), badLocale ? E.locale('locale') : undefined]));
  await db
    .updateTable('users')
    .set({ name, locale: input.locale || null })
    .where('id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Organisations (low level; the checked, person-facing versions are in organisations.ts)

export interface NewOrganisation {
  slug: string;
  name: string;
  kind?: string;
  description?: string;
  website?: string | null;
  isDemo?: boolean;
}

const MAX_DESCRIPTION_LENGTH = 5000;

function slugError(input: string): AppError | undefined {
  const slug = input.trim().toLowerCase();
  if (!slug) return PlatformErrors.required('slug');
  if (!SLUG.test(slug)) return E.slug('slug');
  if (RESERVED_SLUGS.includes(slug)) return E.slugReserved('slug');
  return undefined;
}

function websiteError(input: string | null | undefined): AppError | undefined {
  const website = input?.trim();
  if (!website) return undefined;
  let ok = website.length <= 500;
  try {
    const url = new URL(website);
    ok &&= url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    ok = false;
  }
  return ok ? undefined : PlatformErrors.notUrl('website');
}

/** What is wrong with a new organisation, field by field (empty when nothing is). */
export function organisationErrors(input: NewOrganisation): AppError[] {
  return present([
    slugError(input.slug),
    nameError(input.name),
    input.kind !== undefined && !(ORG_KINDS as readonly string[]).includes(input.kind) ? E.kind('kind') : undefined,
    (input.description ?? '').length > MAX_DESCRIPTION_LENGTH
      ? PlatformErrors.tooLong('description', { max: MAX_DESCRIPTION_LENGTH })
      : undefined,
    websiteError(input.website),
  ]);
}

export async function createOrganisation(
  db: Kysely<Database>,
  input: NewOrganisation,
  ownerId?: string,
): Promise<{ id: string; slug: string }> {
  throwAll(organisationErrors(input));
  const slug = input.slug.trim().toLowerCase();
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
      if (taken) throw E.slugTaken('slug');
      const org = await trx
        .insertInto('organisations')
        .values({
          slug,
          name: input.name.trim(),
          kind: input.kind ?? 'other',
          description: input.description?.trim() ?? '',
          website: input.website?.trim() || null,
          is_demo: input.isDemo ?? false,
        })
        .returning(['id', 'slug'])
        .executeTakeFirstOrThrow();
      if (ownerId) await trx.insertInto('memberships').values({ organisation_id: org.id, user_id: ownerId, role: 'owner' }).execute();
      return org;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw E.slugTaken('slug');
    throw error;
  }
}

export async function addMember(db: Kysely<Database>, organisationId: string, userId: string, role: OrgRole): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ organisation_id: organisationId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}
