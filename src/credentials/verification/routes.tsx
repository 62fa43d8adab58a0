import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { E } from '../errors.ts';
import { databaseResolver } from './local.ts';
import { VerifyPage, type VerifyFormValues } from './pages.tsx';
import { UnusableInputError, type Verdict } from './types.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Uploads: one file of at most 10 MB; text fields of at most 1 MB (a credential's JSON or JWS). */
const MAX_FILE = 10 * 1024 * 1024;
const MAX_FIELD = 1024 * 1024;

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

/** Picks the one thing to verify from the fields people fill in; a coded error names the field at fault. */
function pickInput(fields: {
  file?: Buffer;
  text?: string;
  credential?: unknown;
  jwt?: string;
  url?: string;
  allowNetwork?: boolean;
  recipientEmail?: string;
}): VerifyRequestInput {
  const errors: AppError[] = [];
  const text = typeof fields.text === 'string' ? fields.text.trim() : '';
  const url = fields.url?.trim() ?? '';
  const recipientEmail = fields.recipientEmail?.trim() || undefined;
  if (recipientEmail && !EMAIL.test(recipientEmail)) errors.push(PlatformErrors.notEmail('recipientEmail'));
  if (url && !/^https?:\/\/\S+$/i.test(url)) errors.push(PlatformErrors.notUrl('url'));
  const values: VerifyFormValues = { text, url, allowNetwork: fields.allowNetwork ?? false, recipientEmail };
  const candidates: [string, unknown][] = [
    ['file', fields.file && fields.file.length > 0 ? fields.file : undefined],
    ['credential', fields.credential],
    ['jwt', fields.jwt?.trim() || undefined],
    ['text', text || undefined],
    ['url', url || undefined],
  ];
  const given = candidates.filter(([, v]) => v !== undefined);
  if (given.length === 0) errors.push(E.nothingToVerify('text'));
  if (errors.length) throw invalidFields(errors);
  const [field, input] = given[0];
  return { input, field, allowNetwork: fields.allowNetwork ?? false, recipientEmail, values };
}

/** The same error naming another field (the API calls the page's `text` field `credential` or `file`). */
function renamed(error: AppError, from: string, to: string): AppError {
  const rename = (field?: string) => (field === from ? to : field);
  return new AppError(error.status, error.code, {
    field: rename(error.field),
    params: error.params,
    errors: error.errors.map((e) => ({ ...e, field: rename(e.field) as string })),
    extra: error.extra,
  });
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
  for await (const part of request.parts({ limits: { fileSize: MAX_FILE, files: 1, fieldSize: MAX_FIELD, fields: 10 } })) {
    if (part.type === 'file') {
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw E.inputTooLarge('file', { max: MAX_FILE / 1024 / 1024 });
        throw error;
      }
      if (part.file.truncated) throw E.inputTooLarge('file', { max: MAX_FILE / 1024 / 1024 });
      if (buffer.length) out.file = buffer;
    } else {
      if (part.valueTruncated) throw E.inputTooLarge(part.fieldname === 'text' ? 'text' : 'file', { max: MAX_FIELD / 1024 / 1024 });
      if (typeof part.value === 'string') out[part.fieldname] = part.value;
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
        code: Type.Optional(Type.String()),
        params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
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
        response: { 200: verdictSchema, 400: problemSchema, 413: problemSchema, 415: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const given = (['credential', 'jwt', 'url'] as const).filter((k) => body[k] !== undefined);
      if (given.length !== 1) throw E.oneInputOnly('credential');
      let picked: VerifyRequestInput;
      try {
        picked = pickInput({ ...body, credential: body.credential });
      } catch (error) {
        throw error instanceof AppError ? renamed(error, 'text', 'credential') : error;
      }
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
        response: { 200: verdictSchema, 400: problemSchema, 413: problemSchema, 415: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw E.multipartRequired('file');
      // Reading the parts names the field at fault (a U+0000 in `text` is `text`); choosing among
      // them speaks of the upload as `file`.
      const fields = await readMultipart(request);
      let picked: VerifyRequestInput;
      try {
        picked = pickInput(fields);
      } catch (error) {
        throw error instanceof AppError ? renamed(error, 'text', 'file') : error;
      }
      return runApi(ctx, picked);
    },
  );

  app.get('/verify', async (request, reply) => reply.page(<VerifyPage request={request} />));

  app.post('/verify', { config: { rateLimit } }, async (request, reply) => {
    if (!request.isMultipart())
      return reply.page(<VerifyPage request={request} errors={{ file: request.t(E.nothingToVerify.code) }} />, 400);
    let fields: Awaited<ReturnType<typeof readMultipart>>;
    try {
      fields = await readMultipart(request);
    } catch (error) {
      const messages = fieldMessages(request.t, error);
      if (messages) return reply.page(<VerifyPage request={request} errors={messages} />, (error as AppError).status);
      throw error;
    }
    let picked: VerifyRequestInput;
    try {
      picked = pickInput(fields);
    } catch (error) {
      const messages = fieldMessages(request.t, error);
      if (!messages) throw error;
      return reply.page(
        <VerifyPage
          request={request}
          values={{ text: fields.text, url: fields.url, allowNetwork: fields.allowNetwork, recipientEmail: fields.recipientEmail }}
          errors={messages}
        />,
        400,
      );
    }
    try {
      const verdict = await verifyWithContext(ctx, picked.input, {
        allowNetwork: picked.allowNetwork,
        recipientEmail: picked.recipientEmail,
      });
      return reply.page(<VerifyPage request={request} values={picked.values} verdict={verdict} />);
    } catch (error) {
      if (error instanceof UnusableInputError)
        return reply.page(
          <VerifyPage request={request} values={picked.values} unusable={request.t(error.code, error.params)} />,
          error.status,
        );
      throw error;
    }
  });
}

async function runApi(ctx: AppContext, picked: VerifyRequestInput): Promise<Verdict> {
  try {
    return await verifyWithContext(ctx, picked.input, { allowNetwork: picked.allowNetwork, recipientEmail: picked.recipientEmail });
  } catch (error) {
    // The problem names the field and says what is wrong in a short sentence; never the input.
    if (error instanceof UnusableInputError) throw new AppError(error.status, error.code, { field: picked.field, params: error.params });
    throw error;
  }
}
