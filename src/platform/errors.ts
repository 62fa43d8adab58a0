/**
 * The one error type of every module. A service throws an `AppError` carrying a status, a code and
 * the field at fault; it never holds text for people. The code is an i18n key
 * (`<module>:errors.<name>`), so the HTTP layer shows it as a translated message next to the field
 * on a page and as problem+json (`code`, `field`, an English `detail`) to API clients, and the CLI
 * prints it in English. Services never know which of the three the caller is.
 *
 * A module declares its codes once with `errorCodes` (in its `errors.ts`); the declaration is the
 * registry that `test/errors.test.ts` walks to check that every code has its Dutch and English text.
 */

export type ErrorParams = Record<string, string | number>;

/** What is wrong with one field of the input. */
export interface FieldError {
  field: string;
  code: string;
  params?: ErrorParams;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly params: ErrorParams;
  /** Every field at fault (a form may have several); the first is `field`/`code`. */
  readonly errors: FieldError[];
  /** Machine-readable extras for the problem document (e.g. `reason`). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    options: { field?: string; params?: ErrorParams; errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.params = options.params ?? {};
    this.errors = options.errors ?? (options.field ? [{ field: options.field, code, params: this.params }] : []);
    this.extra = options.extra ?? {};
  }

  /** The same problem with one more field at fault (a form that checks several fields at once). */
  and(other: AppError): AppError {
    return new AppError(this.status, this.code, {
      field: this.field,
      params: this.params,
      errors: [...this.errors, ...other.errors],
      extra: { ...this.extra, ...other.extra },
    });
  }
}

/** A factory of one error code: call it with the field at fault (if any) and the message's parameters. */
export type ErrorFactory = ((field?: string, params?: ErrorParams, extra?: Record<string, unknown>) => AppError) & {
  code: string;
  status: number;
};

const registry = new Map<string, number>();

/** Every error code declared so far, with its status (for the translation test and the docs). */
export function declaredErrorCodes(): ReadonlyMap<string, number> {
  return registry;
}

/**
 * Declares a module's error codes: `const E = errorCodes('accounts', { emailTaken: 409 })`, then
 * `throw E.emailTaken('email')`. The texts live in the module's locales under `errors.<name>`, with
 * `{{param}}` placeholders for the parameters.
 */
export function errorCodes<K extends string>(namespace: string, spec: Record<K, number>): Record<K, ErrorFactory> {
  const out = {} as Record<K, ErrorFactory>;
  for (const [name, status] of Object.entries(spec) as [K, number][]) {
    const code = `${namespace}:errors.${name}`;
    const previous = registry.get(code);
    if (previous !== undefined && previous !== status) throw new Error(`Error code ${code} is declared twice with different statuses`);
    registry.set(code, status);
    const factory = ((field?: string, params?: ErrorParams, extra?: Record<string, unknown>) =>
      new AppError(status, code, { field, params, extra })) as ErrorFactory;
    factory.code = code;
    factory.status = status;
    out[name] = factory;
  }
  return out;
}

/** Several field errors as one 400, so a form shows all of them at once. */
export function invalidFields(errors: AppError[]): AppError {
  const [first, ...rest] = errors;
  return rest.reduce((acc, e) => acc.and(e), first);
}

/** The platform's own codes, for rules every module shares. */
export const PlatformErrors = errorCodes('platform', {
  required: 400,
  invalid: 400,
  tooLong: 400,
  notUuid: 400,
  notEmail: 400,
  notUrl: 400,
  oneOf: 400,
  nulCharacter: 400,
  notFound: 404,
  forbidden: 403,
  unauthorized: 401,
  conflict: 409,
  tooLarge: 413,
  unprocessable: 422,
  rateLimited: 429,
  timeout: 422,
  /** A form post without this browser's CSRF token (expired, or sent from another site). */
  csrf: 403,
});

// --- Transitional: the classes services threw before codes. They keep their English text as the
// detail; `test/errors.test.ts` lists the places that still use them, and the list only shrinks.

/** @deprecated throw a coded AppError from the module's `errors.ts` instead. */
export class HttpProblem extends AppError {
  readonly title: string;
  readonly legacyMessage: string;
  constructor(status: number, title: string, message: string, extra: Record<string, unknown> = {}) {
    super(status, 'platform:errors.legacy', { extra, field: typeof extra.field === 'string' ? extra.field : undefined });
    this.title = title;
    this.legacyMessage = message;
    this.message = message;
  }
}

/** @deprecated Input that names what is wrong, field by field (field → English message). */
export class ValidationError extends HttpProblem {
  constructor(readonly fields: Record<string, string>) {
    const [first] = Object.entries(fields);
    super(400, 'Invalid input', first ? `${first[0]}: ${first[1]}` : 'Invalid input', {
      errors: Object.entries(fields).map(([field, message]) => ({ field, message })),
    });
  }
}

/** @deprecated */
export class NotFoundError extends HttpProblem {
  constructor(what: string) {
    super(404, 'Not found', `${what} was not found`);
  }
}

/** @deprecated */
export class ForbiddenError extends HttpProblem {
  constructor(message = 'You do not have permission to do this') {
    super(403, 'Forbidden', message);
  }
}

/** @deprecated */
export class UnauthorizedError extends HttpProblem {
  constructor(message = 'Sign in first') {
    super(401, 'Unauthorized', message);
  }
}

/** @deprecated */
export class ConflictError extends HttpProblem {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', message, extra);
  }
}
