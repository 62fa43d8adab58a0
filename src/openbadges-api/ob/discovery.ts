import type { AppContext } from '../../platform/context.ts';
import { issuerOf } from '../oauth/provider.ts';
import { SCOPES } from '../scopes.ts';

export const API_PATH = '/ims/ob/v3p0';

const base = (ctx: AppContext) => ctx.config.baseUrl.replace(/\/$/, '');

const STATUS_INFO = { $ref: '#/components/schemas/Imsx_StatusInfo' };
const errors = (codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: `Imsx_StatusInfo (${code})`, content: { 'application/json': { schema: STATUS_INFO } } },
    ]),
  );

/**
 * The Service Description Document (OB 3.0 §6.2.2, getServiceDescription): an OpenAPI 3.0 file
 * of the endpoints this server offers, with the OAuth 2.0 security scheme that names the
 * authorization, token, refresh and dynamic registration endpoints and the scopes. A wallet starts here.
 */
export function serviceDescription(ctx: AppContext) {
  const oauth = issuerOf(ctx);
  const scopes = {
    [SCOPES.credentialRead]: 'Permission to read AchievementCredentials for the authenticated entity.',
    [SCOPES.credentialUpsert]: 'Permission to create or update AchievementCredentials for the authenticated entity.',
    [SCOPES.profileRead]: 'Permission to read the profile for the authenticated entity.',
    [SCOPES.profileUpdate]: 'Permission to update the profile for the authenticated entity.',
  };
  const security = (scope: string) => [{ OAuth2ACG: [scope] }];
  return {
    openapi: '3.0.1',
    info: {
      title: 'Vaardig Open Badges API',
      description: 'The Open Badges 3.0 API of this Vaardig instance: a person’s badges and profile, for the apps they approve.',
      version: '3.0',
      termsOfService: `${base(ctx)}/`,
      'x-imssf-privacyPolicyUrl': `${base(ctx)}/`,
      'x-imssf-image': `${base(ctx)}/assets/favicon.svg`,
    },
    servers: [{ url: `${base(ctx)}${API_PATH}`, description: 'Vaardig' }],
    tags: [
      { name: 'OpenBadgeCredentials', description: 'Exchange OpenBadgeCredentials and Profile information.' },
      { name: 'Discovery', description: 'The Service Description Document.' },
    ],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getCredentials',
          summary: 'Get the OpenBadgeCredentials of the person who approved the app, newest first',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
          ],
          security: security(SCOPES.credentialRead),
          responses: {
            '200': {
              description: 'GetOpenBadgeCredentialsResponse; X-Total-Count and Link (first, prev, next, last) headers',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/GetOpenBadgeCredentialsResponse' } } },
            },
            ...errors([400, 401, 403, 405, 500]),
          },
        },
        post: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'upsertCredential',
          summary: 'Add an OpenBadgeCredential to the person’s backpack (verified first; issued to one of their confirmed addresses)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object' } },
              'text/plain': { schema: { type: 'string', description: 'A compact JWS' } },
            },
          },
          security: security(SCOPES.credentialUpsert),
          responses: {
            '200': {
              description: 'The credential was held already',
              content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } },
            },
            '201': {
              description: 'The credential was added',
              content: { 'application/json': { schema: { type: 'object' } }, 'text/plain': { schema: { type: 'string' } } },
            },
            ...errors([400, 401, 403, 405, 500]),
          },
        },
      },
      '/profile': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getProfile',
          security: security(SCOPES.profileRead),
          responses: {
            '200': { description: 'Profile', content: { 'application/json': { schema: { type: 'object' } } } },
            ...errors([401, 403, 404, 405, 500]),
          },
        },
        put: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'putProfile',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          security: security(SCOPES.profileUpdate),
          responses: {
            '200': { description: 'Profile', content: { 'application/json': { schema: { type: 'object' } } } },
            ...errors([400, 401, 403, 405, 500]),
          },
        },
      },
      '/discovery': {
        get: {
          tags: ['Discovery'],
          operationId: 'getServiceDescription',
          responses: {
            '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } },
            ...errors([404, 500]),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant with PKCE (S256); register the app first at x-imssf-registrationUrl (RFC 7591).',
          'x-imssf-name': 'Vaardig',
          'x-imssf-registrationUrl': `${oauth}/reg`,
          flows: {
            authorizationCode: {
              authorizationUrl: `${oauth}/auth`,
              tokenUrl: `${oauth}/token`,
              refreshUrl: `${oauth}/token`,
              'x-imssf-revocationUrl': `${oauth}/token/revocation`,
              scopes,
            },
          },
        },
      },
      schemas: {
        GetOpenBadgeCredentialsResponse: {
          type: 'object',
          properties: {
            credential: { type: 'array', items: { type: 'object' } },
            compactJwsString: { type: 'array', items: { type: 'string' } },
          },
          additionalProperties: false,
        },
        Imsx_StatusInfo: {
          type: 'object',
          required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: { type: 'string', enum: ['failure', 'processing', 'success', 'unsupported'] },
            imsx_severity: { type: 'string', enum: ['error', 'status', 'warning'] },
            imsx_description: { type: 'string' },
            imsx_codeMinor: { type: 'object' },
          },
        },
      },
    },
  };
}
