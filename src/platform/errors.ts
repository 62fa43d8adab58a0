/**
 * Errors that services throw and the HTTP layer turns into RFC 9457 problem details (API) or an
 * error page / form message (pages). Services never know which of the two the caller is.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Input that names what is wrong, field by field (field → message). */
export class ValidationError extends HttpProblem {
  constructor(readonly fields: Record<string, string>) {
    const [first] = Object.entries(fields);
    super(400, 'Invalid input', first ? `${first[0]}: ${first[1]}` : 'Invalid input', {
      errors: Object.entries(fields).map(([field, message]) => ({ field, message })),
    });
  }
}

export class NotFoundError extends HttpProblem {
  constructor(what: string) {
    super(404, 'Not found', `${what} was not found`);
  }
}

export class ForbiddenError extends HttpProblem {
  constructor(message = 'You do not have permission to do this') {
    super(403, 'Forbidden', message);
  }
}

export class UnauthorizedError extends HttpProblem {
  constructor(message = 'Sign in first') {
    super(401, 'Unauthorized', message);
  }
}

export class ConflictError extends HttpProblem {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', message, extra);
  }
}
