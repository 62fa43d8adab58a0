import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import { isScope, type Scope } from '../scopes.ts';
import type { OAuthServer } from './provider.ts';

/**
 * The person's side of an authorization request (oidc-provider's "interactions"): signing in is
 * Vaardig's own session, and approving an app is our consent page. Each step hands its result back
 * to the provider, which answers with the address to continue at.
 */

type Interaction = Awaited<ReturnType<OAuthServer['provider']['interactionDetails']>>;

export interface ConsentRequest {
  uid: string;
  client: { id: string; name: string; uri: string | null; policyUri: string | null; tosUri: string | null };
  /** What the app asks for, in the order of the specification. */
  scopes: Scope[];
  /** Where the app gets its answer (its redirect URI's origin), for the consent form's CSP. */
  redirectOrigin: string | null;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** The interaction of this browser (its cookie), for the uid in the address; else a coded error. */
async function load(server: OAuthServer, request: FastifyRequest, reply: FastifyReply, uid: string): Promise<Interaction> {
  let interaction: Interaction;
  try {
    interaction = await server.provider.interactionDetails(request.raw, reply.raw);
  } catch {
    throw E.interactionExpired();
  }
  if (interaction.uid !== uid) throw E.interactionExpired();
  return interaction;
}

export type Step = { redirect: string } | { consent: ConsentRequest };

/**
 * What the interaction page does for a signed-in person: finish the sign-in step with them (and
 * go on), or show the consent page. An interaction begun for someone else is refused.
 */
export async function interactionStep(
  ctx: AppContext,
  server: OAuthServer,
  request: FastifyRequest,
  reply: FastifyReply,
  uid: string,
  userId: string,
): Promise<Step> {
  const interaction = await load(server, request, reply, uid);
  if (interaction.prompt.name === 'login') {
    const redirect = await server.provider.interactionResult(
      request.raw,
      reply.raw,
      { login: { accountId: userId, remember: false } },
      { mergeWithLastSubmission: false },
    );
    return { redirect };
  }
  if (interaction.prompt.name !== 'consent') throw E.interactionUnknown();
  if (interaction.session?.accountId !== userId) throw E.interactionOtherPerson();
  const clientId = String(interaction.params.client_id ?? '');
  const client = await server.provider.Client.find(clientId);
  if (!client) throw E.interactionExpired();
  const metadata = client.metadata();
  const requested = String(interaction.params.scope ?? '')
    .split(' ')
    .filter(isScope);
  let redirectOrigin: string | null = null;
  try {
    redirectOrigin = new URL(String(interaction.params.redirect_uri)).origin;
  } catch {}
  ctx.log.debug({ uid, clientId }, 'oauth: consent asked');
  return {
    consent: {
      uid,
      client: {
        id: clientId,
        name: text(metadata.client_name) ?? clientId,
        uri: text(metadata.client_uri),
        policyUri: text(metadata.policy_uri),
        tosUri: text(metadata.tos_uri),
      },
      scopes: [...new Set(requested)],
      redirectOrigin,
    },
  };
}

/** The person approves: the scopes asked for are added to their grant for this app. Returns where to continue. */
export async function approve(
  server: OAuthServer,
  request: FastifyRequest,
  reply: FastifyReply,
  uid: string,
  userId: string,
): Promise<string> {
  const interaction = await load(server, request, reply, uid);
  if (interaction.prompt.name !== 'consent') throw E.interactionUnknown();
  if (interaction.session?.accountId !== userId) throw E.interactionOtherPerson();
  const { Grant } = server.provider;
  const clientId = String(interaction.params.client_id ?? '');
  const existing = interaction.grantId ? await Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new Grant({ accountId: userId, clientId });
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  return server.provider.interactionResult(
    request.raw,
    reply.raw,
    { consent: existing ? {} : { grantId } },
    { mergeWithLastSubmission: true },
  );
}

/** The person declines: the app gets `access_denied`. Returns where to continue. */
export async function decline(server: OAuthServer, request: FastifyRequest, reply: FastifyReply, uid: string): Promise<string> {
  await load(server, request, reply, uid);
  return server.provider.interactionResult(
    request.raw,
    reply.raw,
    { error: 'access_denied', error_description: 'The person did not approve the app' },
    { mergeWithLastSubmission: false },
  );
}
