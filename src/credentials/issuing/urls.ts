/**
 * Web addresses that go into a credential (evidence, an achievement's criteria URL) become IRIs in
 * its JSON-LD: `new URL()` accepts a space or a `<` in a path (and would encode it), but the signing
 * stack refuses such an IRI halfway through issuing. These checks run before anything is stored.
 */

/** Characters an IRI (RFC 3987) never holds unencoded: whitespace, control characters and <>"{}|\^`. */
const NOT_IN_IRI = /[\s\p{Cc}<>"{}|\\^`]/u;

/** Longest web address a credential carries. */
export const MAX_URL_LENGTH = 2000;

/**
 * What is wrong with a web address for a credential: 'notUrl' (not an absolute http(s) address),
 * 'characters' (a space or another character that must be encoded), 'tooLong', or null when fine.
 */
export function credentialUrlProblem(value: string): 'notUrl' | 'characters' | 'tooLong' | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'notUrl';
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.host) return 'notUrl';
  if (NOT_IN_IRI.test(value)) return 'characters';
  if (value.length > MAX_URL_LENGTH) return 'tooLong';
  return null;
}
