import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { AppError, HttpProblem } from '../errors.ts';
import { ErrorPage } from '../pages/error-page.tsx';
import './types.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

/** Whether the client wants JSON (API calls, fetches) rather than a page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Turns Ajv's messages into one that names the field, as people read it. */
function validationProblem(error: FastifyError): Problem {
  const part = error.validationContext ?? 'body';
  const errors = (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, string>;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'required') return { field: [path, params.missingProperty].filter(Boolean).join('.'), message: 'is required' };
    if (v.keyword === 'additionalProperties')
      return { field: [path, params.additionalProperty].filter(Boolean).join('.'), message: 'is not a known field' };
    return { field: path || part, message: v.message ?? 'is not valid' };
  });
  const first = errors[0];
  return {
    type: 'about:blank',
    title: 'Invalid input',
    status: 400,
    detail: first ? `${part} field "${first.field}" ${first.message}` : error.message,
    errors,
  };
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};

/** The message of a coded error (or of one of its fields) in the language of `t`. */
export function errorMessage(t: TFunction, code: string, params: Record<string, unknown> = {}): string {
  return t(code, { ...params, defaultValue: code });
}

/**
 * The field errors of a coded error in the reader's language (field → message), for a form to
 * show next to its fields; null when the error is not about the input.
 */
export function fieldMessages(t: TFunction, error: unknown): Record<string, string> | null {
  if (!(error instanceof AppError) || error.status >= 500) return null;
  if (error instanceof HttpProblem) return null;
  if (!error.errors.length) return null;
  return Object.fromEntries(error.errors.map((e) => [e.field, errorMessage(t, e.code, e.params)]));
}

/** A coded error as a problem document; `t` renders the detail (English for the API). */
export function appProblem(error: AppError, t: TFunction | undefined): Problem {
  const render = (code: string, params?: Record<string, unknown>) => (t ? errorMessage(t, code, params) : code);
  return {
    type: 'about:blank',
    title: STATUS_TITLES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    ...(error.field ? { field: error.field } : {}),
    detail: error.field ? `${error.field}: ${render(error.code, error.params)}` : render(error.code, error.params),
    ...(error.errors.length
      ? { errors: error.errors.map((e) => ({ field: e.field, code: e.code, message: render(e.code, e.params) })) }
      : {}),
    ...error.extra,
  };
}

/**
 * A malformed multipart body (no boundary in the content type, a body that does not use the
 * boundary, truncated, no closing delimiter): busboy and @fastify/multipart throw plain errors
 * for these, which would be 500s. Every multipart route gets a 400/415 naming the body instead.
 */
function multipartProblem(error: FastifyError | Error): Problem | undefined {
  const message = error.message ?? '';
  const code = (error as FastifyError).code;
  const problem = (status: number, detail: string): Problem => ({
    type: 'about:blank',
    title: status === 415 ? 'Unsupported Media Type' : 'Bad Request',
    status,
    detail,
    field: 'body',
  });
  if (message === 'Multipart: Boundary not found' || message === 'Boundary required')
    return problem(415, 'The body is multipart/form-data without a boundary in its Content-Type; send the boundary parameter');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return problem(415, 'The body is not multipart/form-data');
  if (/unexpected end of multipart data/i.test(message))
    return problem(
      400,
      'The multipart body is malformed: it does not use the boundary of its Content-Type, is cut short, or lacks the closing delimiter',
    );
  return undefined;
}

export function toProblem(error: FastifyError | AppError | Error, englishT?: TFunction): Problem {
  const multipart = multipartProblem(error);
  if (multipart) return multipart;
  if (error instanceof HttpProblem) {
    return { type: 'about:blank', title: error.title, status: error.status, detail: error.message, ...error.extra };
  }
  if (error instanceof AppError) return appProblem(error, englishT);
  const fe = error as FastifyError;
  if (fe.validation) return validationProblem(fe);
  const status = fe.statusCode && fe.statusCode >= 400 ? fe.statusCode : 500;
  if (status >= 500) return { type: 'about:blank', title: 'Internal Server Error', status, detail: 'Something went wrong on our side' };
  const titles: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
  };
  let detail = fe.message;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) detail = `The body is not valid JSON: ${fe.message}`;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') detail = 'The body is larger than this endpoint accepts (1 MB)';
  // What is wrong with the body as a whole (not JSON, empty, too large, of a type not taken) names the body as the field at fault.
  const aboutBody = fe.code?.startsWith('FST_ERR_CTP_') || error instanceof SyntaxError;
  return { type: 'about:blank', title: titles[status] ?? 'Error', status, detail, ...(aboutBody ? { field: 'body' } : {}) };
}

/**
 * Sends the problem as problem+json to API clients, or as the error page to browsers. `pageDetail`
 * replaces the (English) detail on the page when it is not the reader's language already.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem, pageDetail?: string): FastifyReply {
  if (wantsJson(request)) {
    return reply
      .status(problem.status)
      .type('application/problem+json')
      .send({ ...problem, instance: request.url });
  }
  return reply.page(ErrorPage({ request, problem: pageDetail ? { ...problem, detail: pageDetail } : problem }), problem.status);
}

function genericDetail(request: FastifyRequest, status: number): string | undefined {
  // request.t is missing when the error happened before the language hook ran.
  if (typeof request.t !== 'function') return undefined;
  const known = [400, 404, 413, 415, 429].includes(status) ? status : 400;
  return request.t(`platform:errors.${known}.body`);
}

/** A coded error that says when to try again (`extra.retryAfter`, seconds) sends it as Retry-After. */
export function retryAfterHeader(reply: FastifyReply, error: unknown): void {
  const seconds = error instanceof AppError ? error.extra.retryAfter : undefined;
  if (typeof seconds === 'number' && seconds > 0) reply.header('retry-after', String(Math.ceil(seconds)));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    retryAfterHeader(reply, error);
    const english = request.server.ctx?.i18n.getFixedT('en');
    const problem = toProblem(error, english);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    // A page that needs a signed-in person sends a browser to the sign-in form.
    if (problem.status === 401 && !wantsJson(request) && request.method === 'GET') {
      return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`);
    }
    // Services' problems are already worded for people (pages translate them); Fastify's and the
    // libraries' messages are English and technical: the page says it in the reader's language.
    if (error instanceof AppError && !(error instanceof HttpProblem) && typeof request.t === 'function') {
      const own = appProblem(error, request.t);
      return sendProblem(request, reply, problem, own.detail as string);
    }
    const generic = !(error instanceof AppError) && problem.status < 500 ? genericDetail(request, problem.status) : undefined;
    return sendProblem(request, reply, problem, generic);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      { type: 'about:blank', title: 'Not Found', status: 404, detail: `Nothing is at ${request.url}` },
      genericDetail(request, 404),
    ),
  );
}
