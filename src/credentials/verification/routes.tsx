import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { HttpProblem, ValidationError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { databaseResolver } from './local.ts';
import { VerifyPage, type VerifyFormValues } from './pages.tsx';
import { UnusableInputError, type Verdict } from './types.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_FILE = 10 * 1024 * 1024;

/**
 * Verifies with this instance's settings: the OB 3.0 schema from the data folder, and this
 * instance's own did:web documents and status lists read from the database (never fetched).
 */
export async function verifyWithContext(
  ctx: AppContext,
  input: unknown,
  options: { allowNetwork?: boolean; recipientEmail?: string; now?: Date } = {},
): Promise<Verdict> {
  // The verifier and its JSON-LD stack load on first use: they are most of the credentials module's memory.
  const { verifyCredential } = await import('./verify.ts');
  return verifyCredential(input, {
    allowNetwork: options.allowNetwork ?? false,
    recipientEmail: options.recipientEmail,
    now: options.now,
    dataDir: ctx.config.dataDir,
    documentLoaderOptions: { resolveLocal: databaseResolver(ctx) },
  });
}

interface VerifyRequestInput {
  input?: unknown;
  field: string;
  allowNetwork: boolean;
  recipientEmail?: string;
  values: VerifyFormValues;
}

/** Picks the one thing to verify from the fields people fill in; errors name the field. */
function pickInput(
  fields: {
    file?: Buffer;
    text?: string;
    credential?: unknown;
    jwt?: string;
    url?: string;
    allowNetwork?: boolean;
    recipientEmail?: string;
  },
  t: (key: string) => string,
): VerifyRequestInput | FormErrors {
  const errors: FormErrors = {};
  const text = typeof fields.text === 'string' ? fields.text.trim() : '';
  const url = fields.url?.trim() ?? '';
  const recipientEmail = fields.recipientEmail?.trim() || undefined;
  if (recipientEmail && !EMAIL.test(recipientEmail)) errors.recipientEmail = t('credentials:verify.form.emailInvalid');
  if (url && !/^https?:\/\/\S+$/i.test(url)) errors.url = t('credentials:verify.form.urlInvalid');
  const values: VerifyFormValues = { text, url, allowNetwork: fields.allowNetwork ?? false, recipientEmail };
  const candidates: [string, unknown][] = [
    ['file', fields.file && fields.file.length > 0 ? fields.file : undefined],
    ['credential', fields.credential],
    ['jwt', fields.jwt?.trim() || undefined],
    ['text', text || undefined],
    ['url', url || undefined],
  ];
  const given = candidates.filter(([, v]) => v !== undefined);
  if (given.length === 0) errors.text = t('credentials:verify.form.nothing');
  if (Object.keys(errors).length) return errors;
  const [field, input] = given[0];
  return { input, field, allowNetwork: fields.allowNetwork ?? false, recipientEmail, values };
}

function isErrors(value: VerifyRequestInput | FormErrors): value is FormErrors {
  return !('field' in value && 'values' in value);
}

async function readMultipart(request: FastifyRequest): Promise<{
  file?: Buffer;
  text?: string;
  credential?: string;
  jwt?: string;
  url?: string;
  allowNetwork?: boolean;
  recipientEmail?: string;
}> {
  const out: Record<string, unknown> = {};
  for await (const part of request.parts({ limits: { fileSize: MAX_FILE, files: 1 } })) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      if (part.file.truncated) throw new ValidationError({ file: `The file is larger than ${MAX_FILE / 1024 / 1024} MB` });
      if (buffer.length) out.file = buffer;
    } else if (typeof part.value === 'string') {
      out[part.fieldname] = part.value;
    }
  }
  return {
    file: out.file as Buffer | undefined,
    text: out.text as string | undefined,
    credential: out.credential as string | undefined,
    jwt: out.jwt as string | undefined,
    url: out.url as string | undefined,
    allowNetwork: out.allowNetwork === 'on' || out.allowNetwork === 'true',
    recipientEmail: out.recipientEmail as string | undefined,
  };
}

const verdictSchema = Type.Object(
  {
    valid: Type.Boolean(),
    checks: Type.Array(
      Type.Object({
        check: Type.String(),
        status: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('warning'), Type.Literal('skipped')]),
        message: Type.String(),
      }),
    ),
    format: Type.String(),
    source: Type.String(),
  },
  {
    additionalProperties: true,
    description:
      'The verdict: valid, the checks one by one, and what the credential says (credential, issuer, achievement, recipient, validFrom, validUntil, skills).',
  },
);

const problemSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() },
  { additionalProperties: true },
);

export async function verificationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const rateLimit = { max: 60, timeWindow: '1 minute' };

  api.post(
    '/api/v1/verify',
    {
      // Public and without side effects: no CSRF token needed (see src/platform/http/csrf.ts).
      config: { rateLimit, csrf: false },
      schema: {
        tags: ['credentials'],
        summary: 'Verify a credential',
        description:
          'Give exactly one of `credential` (JSON object or JSON text), `jwt` (compact JWS) or `url` (fetched only with `allowNetwork`). Nothing is fetched unless `allowNetwork` is true, and never from private or loopback addresses. For files (baked PNG/SVG) use POST /api/v1/verify/upload.',
        security: [],
        body: Type.Object(
          {
            credential: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.String()])),
            jwt: Type.Optional(Type.String({ minLength: 1 })),
            url: Type.Optional(Type.String({ minLength: 1 })),
            allowNetwork: Type.Optional(Type.Boolean()),
            recipientEmail: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        response: { 200: verdictSchema, 400: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const given = (['credential', 'jwt', 'url'] as const).filter((k) => body[k] !== undefined);
      if (given.length !== 1) throw new ValidationError({ credential: 'Give exactly one of credential, jwt or url' });
      const picked = pickInput({ ...body, credential: body.credential }, request.t);
      if (isErrors(picked))
        throw new ValidationError(Object.fromEntries(Object.entries(picked).map(([k, v]) => [k === 'text' ? 'credential' : k, v])));
      return runApi(ctx, picked);
    },
  );

  api.post(
    '/api/v1/verify/upload',
    {
      // Public and without side effects: no CSRF token needed (see src/platform/http/csrf.ts).
      config: { rateLimit, csrf: false },
      schema: {
        tags: ['credentials'],
        summary: 'Verify an uploaded credential (multipart)',
        description:
          'multipart/form-data with a `file` (baked PNG/SVG, JSON or JWS file) or a `text` field, and optional `allowNetwork` ("true") and `recipientEmail`.',
        security: [],
        consumes: ['multipart/form-data'],
        response: { 200: verdictSchema, 400: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new ValidationError({ file: 'Send multipart/form-data with a file' });
      const picked = pickInput(await readMultipart(request), request.t);
      if (isErrors(picked))
        throw new ValidationError(Object.fromEntries(Object.entries(picked).map(([k, v]) => [k === 'text' ? 'file' : k, v])));
      return runApi(ctx, picked);
    },
  );

  app.get('/verify', async (request, reply) => reply.page(<VerifyPage request={request} />));

  app.post('/verify', { config: { rateLimit } }, async (request, reply) => {
    if (!request.isMultipart())
      return reply.page(<VerifyPage request={request} errors={{ file: request.t('credentials:verify.form.nothing') }} />, 400);
    let fields: Awaited<ReturnType<typeof readMultipart>>;
    try {
      fields = await readMultipart(request);
    } catch (error) {
      if (error instanceof ValidationError) return reply.page(<VerifyPage request={request} errors={error.fields} />, 400);
      throw error;
    }
    const picked = pickInput(fields, request.t);
    if (isErrors(picked))
      return reply.page(
        <VerifyPage
          request={request}
          values={{ text: fields.text, url: fields.url, allowNetwork: fields.allowNetwork, recipientEmail: fields.recipientEmail }}
          errors={picked}
        />,
        400,
      );
    try {
      const verdict = await verifyWithContext(ctx, picked.input, {
        allowNetwork: picked.allowNetwork,
        recipientEmail: picked.recipientEmail,
      });
      return reply.page(<VerifyPage request={request} values={picked.values} verdict={verdict} />);
    } catch (error) {
      if (error instanceof UnusableInputError)
        return reply.page(<VerifyPage request={request} values={picked.values} unusable={error.message} />, 422);
      throw error;
    }
  });
}

async function runApi(ctx: AppContext, picked: VerifyRequestInput): Promise<Verdict> {
  try {
    return await verifyWithContext(ctx, picked.input, { allowNetwork: picked.allowNetwork, recipientEmail: picked.recipientEmail });
  } catch (error) {
    if (error instanceof UnusableInputError) throw new HttpProblem(422, 'Unusable input', error.message, { field: picked.field });
    throw error;
  }
}
