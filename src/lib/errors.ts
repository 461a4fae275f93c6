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
