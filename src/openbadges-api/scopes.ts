/** The scopes of the Open Badges 3.0 API (1EdTech, OB 3.0 §6), and what each lets an app do. */

const BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope';

export const SCOPES = {
  credentialRead: `${BASE}/credential.readonly`,
  credentialUpsert: `${BASE}/credential.upsert`,
  profileRead: `${BASE}/profile.readonly`,
  profileUpdate: `${BASE}/profile.update`,
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const OB_SCOPES: readonly Scope[] = Object.values(SCOPES);

/** The i18n key (openbadges-api:scopes.<name>) that says in plain words what a scope allows. */
export function scopeKey(scope: string): string | null {
  const entry = Object.entries(SCOPES).find(([, value]) => value === scope);
  return entry ? `openbadges-api:scopes.${entry[0]}` : null;
}

export function isScope(scope: string): scope is Scope {
  return (OB_SCOPES as readonly string[]).includes(scope);
}
