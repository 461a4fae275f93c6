import {
  PROBLEM_CODES,
  type ProblemCode,
  type ProblemCodeWithStatus,
  type ProblemStatus,
} from './problem-codes.js';

export interface ApiErrorOptions<C extends ProblemCode> {
  /** Only for a code answered with another status than its usual one (`otherStatuses` in the catalogue). */
  status?: ProblemStatus<C>;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * The one error type the product throws on purpose. `code` is stable and machine-readable and
 * comes from the problem-code catalogue, which also gives its status; the error handler turns it
 * into RFC 9457 problem details.
 */
export class ApiError<C extends ProblemCode = ProblemCode> extends Error {
  readonly status: ProblemStatus<C>;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: C,
    message: string,
    options: ApiErrorOptions<C> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status ?? PROBLEM_CODES[code].status;
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The same answer with other details (a caller renaming the field paths it reports). */
  withDetails(details: Record<string, unknown>): ApiError<C> {
    return new ApiError(this.code, this.message, { status: this.status, details, headers: this.headers });
  }
}

export const notFound = (resource: string) => new ApiError('not_found', `${resource} not found`);
export const unauthorized = (message = 'Authentication required') =>
  new ApiError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
export const forbidden = (permission: string) =>
  new ApiError('forbidden', `Missing permission ${permission}`, { details: { permission } });
export const conflict = (code: ProblemCodeWithStatus<409>, message: string) => new ApiError(code, message);

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
  return new ApiError('validation_failed', message, { details: { errors } });
}
