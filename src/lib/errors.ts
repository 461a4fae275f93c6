/**
 * The one error type the product throws on purpose. `code` is stable and machine-readable;
 * the error handler turns it into RFC 9457 problem details.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (resource: string) => new ApiError(404, 'not_found', `${resource} not found`);
export const unauthorized = (message = 'Authentication required') =>
  new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (permission: string) =>
  new ApiError(403, 'forbidden', `Missing permission ${permission}`, { permission });
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

/** One field's problem in a 400: where (`body.name`, `query.cursor`, `header.if-match`), what, and a code. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/**
 * The 400 for input that parsed but is wrong, listing every problem at once. `subject` names what
 * was checked (`schedule`, `input`); the message says how many problems, unless one is given.
 */
export function validationFailed(
  subject: string,
  errors: FieldProblem[],
  message = `Invalid ${subject}: ${errors.length} problem(s)`,
): ApiError {
  return new ApiError(400, 'validation_failed', message, { errors });
}
