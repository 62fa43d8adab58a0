import type { AppContext } from '../platform/context.ts';
import type { ReceivedCredential, ReceivedDocument, ReceivedState, ReceivedSummary } from './issuing/received.ts';
import type { Alignment, Check, Verdict, VerifyOptions } from './verification/types.ts';

/**
 * The public face of the credentials module: the only file of it that other modules import
 * (test/boundaries.test.ts). The signing and verification stack loads on first use
 * (docs/decisions/007), so importing this file costs nothing until a credential is verified.
 */
export type { Alignment, Check, ReceivedCredential, ReceivedDocument, ReceivedState, ReceivedSummary, Verdict, VerifyOptions };
export { UnusableInputError } from './verification/types.ts';
export { checkText } from './verification/messages.ts';
// Issuing as a member in an issuer role of the organisation (checked): for other modules' demo data and tests.
export { type AchievementInput, createAchievement } from './issuing/achievements.ts';
export { type IssueInput, type IssuedCredential, issueCredential } from './issuing/issue.ts';
// Issuing across the network (pathways, endorsements): every issuer's achievements, their recipients,
// issuing for an organisation's own rule, and signing other kinds of credential with its key.
export {
  achievementIdOf,
  type CredentialSummary,
  credentialSummary,
  issueForOrganisation,
  issuerIdOf,
  type NetworkAchievement,
  networkAchievements,
  type OrganisationCredential,
  recipientsOf,
  revokeOrganisationCredential,
  signOrganisationCredential,
  validSkillHoldingsSql,
} from './issuing/network.ts';
// Signing as a person (endorsements by a person): their own did:key, made on first use, and revocation list.
export {
  type PersonCredential,
  type PersonSigner,
  personDid,
  revokePersonCredential,
  signPersonCredential,
} from './issuing/people.ts';

/** Verifies an Open Badges 3.0 credential (or a legacy 2.0 badge): JSON, JWS, baked PNG/SVG. */
export async function verifyCredential(input: unknown, options: VerifyOptions = {}): Promise<Verdict> {
  const { verifyCredential: verify } = await import('./verification/verify.ts');
  return verify(input, options);
}

/**
 * Verifies with this instance's settings: the OB 3.0 schema from the data folder, and this
 * instance's own did:web documents and status lists read from the database (never fetched).
 * `allowNetwork` fetches what is elsewhere under the rules of /verify (https only, never private
 * or loopback addresses).
 */
export async function verifyInContext(
  ctx: AppContext,
  input: unknown,
  options: { allowNetwork?: boolean; recipientEmail?: string; now?: Date; extraDocuments?: Record<string, unknown> } = {},
): Promise<Verdict> {
  const [{ verifyCredential: verify }, { databaseResolver }] = await Promise.all([
    import('./verification/verify.ts'),
    import('./verification/local.ts'),
  ]);
  return verify(input, {
    allowNetwork: options.allowNetwork ?? false,
    recipientEmail: options.recipientEmail,
    now: options.now,
    dataDir: ctx.config.dataDir,
    documentLoaderOptions: { resolveLocal: databaseResolver(ctx), extraDocuments: options.extraDocuments },
  });
}

/**
 * The first of these addresses a verified credential was issued to (hashed or plain identity),
 * with the verifier's recipient check for it; null when it names none of them.
 */
export async function recipientAmong(verdict: Verdict, emails: readonly string[]): Promise<{ email: string; check: Check } | null> {
  const { recipientAmong: find } = await import('./verification/recipients.ts');
  return find(verdict, emails);
}

/**
 * Why the verifier would refuse to fetch this URL before fetching anything: 'notHttps', or
 * 'private' when its host is (or resolves to) a private, loopback or reserved address. Null when
 * the URL may be fetched; the fetch itself checks again (src/credentials/contexts/fetch.ts).
 */
export async function fetchRefusal(url: string): Promise<'notHttps' | 'private' | null> {
  const { refusalOf } = await import('./contexts/fetch.ts');
  return refusalOf(url);
}

// The backpack's reads come often: the module is imported once (each import() goes through the loader's resolve).
let receivedModule: Promise<typeof import('./issuing/received.ts')> | undefined;
const received = () => (receivedModule ??= import('./issuing/received.ts'));

/** Every credential of this instance issued to one of these normalised addresses, newest first (the backpack). */
export async function credentialsIssuedTo(ctx: AppContext, emails: readonly string[]): Promise<ReceivedCredential[]> {
  return (await received()).credentialsIssuedTo(ctx, emails);
}

/** The state at the issuer of every credential issued to these addresses (with `ids`: of those), without documents. */
export async function receivedStates(ctx: AppContext, emails: readonly string[], ids?: readonly string[]): Promise<ReceivedState[]> {
  return (await received()).receivedStates(ctx, emails, ids);
}

/** Count, newest, last change of state and next expiry of the credentials issued to these addresses, in one row. */
export async function receivedSummary(ctx: AppContext, emails: readonly string[]): Promise<ReceivedSummary> {
  return (await received()).receivedSummary(ctx, emails);
}

/** These credentials as signed (id, document, JWT only), when issued to one of these addresses (others are left out). */
export async function receivedDocuments(ctx: AppContext, emails: readonly string[], ids: readonly string[]): Promise<ReceivedDocument[]> {
  return (await received()).receivedDocuments(ctx, emails, ids);
}

/** These credentials in full, when issued to one of these addresses (others are left out), newest first. */
export async function receivedCredentials(
  ctx: AppContext,
  emails: readonly string[],
  ids: readonly string[],
): Promise<ReceivedCredential[]> {
  return (await received()).receivedCredentials(ctx, emails, ids);
}
