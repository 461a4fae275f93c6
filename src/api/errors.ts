import type { Hook } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { unavailableDependency } from '../lib/dependency-errors.js';
import { ApiError } from '../lib/errors.js';
import type { ProblemCode } from '../lib/problem-codes.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

const FRAMEWORK_CODES: Partial<Record<number, ProblemCode>> = {
  400: 'malformed_request',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Every ApiError, framework error and surprise becomes problem details; internals never leak. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    return problem(
      c,
      error.status as ContentfulStatusCode,
      error.code,
      error.message,
      error.details ?? {},
      error.headers,
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = FRAMEWORK_CODES[status] ?? `http_${status}`;
    const detail = status === 413 ? 'Request body is too large' : error.message || 'Bad request';
    return problem(c, status, code, detail);
  }
  const dependency = unavailableDependency(error);
  if (dependency) {
    c.get('logger').warn({ err: error }, `${dependency} unavailable`);
    const name = dependency === 'database' ? 'The database' : 'Temporal';
    return problem(
      c,
      503,
      `${dependency}_unavailable`,
      `${name} is unavailable; try again shortly`,
      {},
      {
        'Retry-After': '5',
      },
    );
  }
  c.get('logger').error({ err: error }, 'unhandled error');
  return problem(c, 500, 'internal_error', 'Something went wrong; the request id identifies it in our logs');
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problem(c, 404, 'route_not_found', `No route for ${c.req.method} ${c.req.path}`);

export function validationProblem(c: Context<AppEnv>, error: ZodError, target: string): Response {
  const errors = error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  return problem(c, 400, 'validation_failed', `Invalid ${target}: ${errors.length} problem(s)`, { errors });
}

/** zod-openapi's hook for failed request validation: 400 listing every failing field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) return validationProblem(c, result.error, result.target);
};
