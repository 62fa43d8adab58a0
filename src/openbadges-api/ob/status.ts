import type { FastifyReply } from 'fastify';
import type { TFunction } from 'i18next';
import { AppError } from '../../platform/errors.ts';

/**
 * The Open Badges 3.0 API's error payload, Imsx_StatusInfo (OB 3.0 §6.3 and its OpenAPI file):
 * major code, severity, a description (English, naming the field at fault) and the minor code
 * that says what went wrong. Statuses are the ones the specification lists for its endpoints.
 */

export type CodeMinor =
  | 'forbidden'
  | 'fullsuccess'
  | 'internal_server_error'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'misdirected_request'
  | 'not_acceptable'
  | 'not_allowed'
  | 'not_found'
  | 'not_modified'
  | 'server_busy'
  | 'unauthorizedrequest'
  | 'unknown';

export interface ImsxStatusInfo {
  imsx_codeMajor: 'success' | 'processing' | 'failure' | 'unsupported';
  imsx_severity: 'status' | 'warning' | 'error';
  imsx_description?: string;
  imsx_codeMinor: { imsx_codeMinorField: { imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: CodeMinor }[] };
}

export function statusInfo(codeMinor: CodeMinor, description: string, major: ImsxStatusInfo['imsx_codeMajor'] = 'failure'): ImsxStatusInfo {
  return {
    imsx_codeMajor: major,
    imsx_severity: major === 'success' ? 'status' : 'error',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  };
}

/** The status the specification lists for an error, and its minor code. */
function classify(status: number, field: string | undefined): { status: number; minor: CodeMinor } {
  if (status === 401) return { status, minor: 'unauthorizedrequest' };
  if (status === 403) return { status, minor: 'forbidden' };
  if (status === 404) return { status, minor: 'not_found' };
  if (status === 405) return { status, minor: 'not_allowed' };
  if (status === 429) return { status, minor: 'server_busy' };
  if (status >= 500) return { status: 500, minor: 'internal_server_error' };
  // The spec has one status for bad input (400), with the query parameters told apart.
  const query = field !== undefined && ['limit', 'offset', 'since'].includes(field);
  return { status: 400, minor: query ? 'invalid_query_parameter' : 'invalid_data' };
}

interface FastifyLikeError {
  statusCode?: number;
  validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
  message: string;
  code?: string;
}

/** Any error as (status, Imsx_StatusInfo); English text from the error's code. */
export function toStatusInfo(error: unknown, english: TFunction): { status: number; body: ImsxStatusInfo } {
  if (error instanceof AppError) {
    const { status, minor } = classify(error.status, error.field);
    const text = english(error.code, { ...error.params, defaultValue: error.code });
    const description = status === 500 ? 'Something went wrong on our side' : error.field ? `${error.field}: ${text}` : text;
    return { status, body: statusInfo(minor, description) };
  }
  const fe = error as FastifyLikeError;
  const code = typeof fe.statusCode === 'number' && fe.statusCode >= 400 ? fe.statusCode : 500;
  if (code >= 500) return { status: 500, body: statusInfo('internal_server_error', 'Something went wrong on our side') };
  let description = fe.message;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    description = `body: the body is not valid JSON (${fe.message})`;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') description = 'body: the body is larger than this endpoint accepts (1 MB)';
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') description = `body: ${fe.message}`;
  return {
    status: code === 413 || code === 415 ? 400 : classify(code, undefined).status,
    body: statusInfo(classify(code, undefined).minor, description),
  };
}

/** Sends an Imsx_StatusInfo, with the bearer challenge RFC 6750 asks for on 401 and 403. */
export function sendStatusInfo(reply: FastifyReply, status: number, body: ImsxStatusInfo, challenge?: string): FastifyReply {
  if (challenge) reply.header('www-authenticate', challenge);
  return reply.status(status).type('application/json').send(body);
}
