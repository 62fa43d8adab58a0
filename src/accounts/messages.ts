/**
 * The messages services put into ValidationError and ConflictError. The API shows them as they are;
 * pages look each one up under `accounts:validation.<key>` so a person reads it in their language.
 */
export const V = {
  required: 'is required',
  email: 'must be an email address',
  passwordLength: 'must be at least 10 characters',
  tooLong: 'is too long',
  slug: 'must be 1 to 64 lowercase letters, digits and hyphens',
  kind: 'must be one of network, employer, school, training-provider, event-organiser, community, other',
  website: 'must be a web address starting with http:// or https://',
  role: 'must be one of owner, admin, issuer, facilitator, analyst, member',
  locale: 'must be en, nl or empty',
  emailTaken: 'An account with this email address already exists',
  slugTaken: 'This address is already taken',
  alreadyMember: 'This person is already a member',
  credentials: 'The email address or password is not right',
  wrongInvitee: 'This invitation was sent to another email address',
  lastOwner: 'An organisation needs at least one owner',
} as const;

export type MessageKey = keyof typeof V;

const byMessage = new Map<string, MessageKey>(Object.entries(V).map(([k, v]) => [v, k as MessageKey]));

/** The translation key of a service message, when it is one of ours. */
export function messageKey(message: string): MessageKey | undefined {
  return byMessage.get(message);
}
