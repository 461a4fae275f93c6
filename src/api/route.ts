import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ProblemCode } from '../lib/problem-codes.js';
import type { Permission } from '../services/access/catalogue.js';
import type { AppEnv } from './env.js';
import { authenticate, requirePermissionMiddleware } from './middleware/auth/index.js';
import { authenticateRobot } from './middleware/robot-auth/index.js';
import { errorResponses } from './openapi.js';

/** Marks a route that needs no login (health, login itself, signed webhooks). */
export const PUBLIC = 'public';
/** Marks a route for robots: their own token (`rbt_…`), never a user's. */
export const ROBOT = 'robot';
export type RouteAccess = Permission | typeof PUBLIC | typeof ROBOT;

/** The OpenAPI extension that carries each operation's permission; the route-contract test reads it. */
export const PERMISSION_EXTENSION = 'x-permission';
/** The OpenAPI extension listing every problem `code` an operation can answer, for clients to switch on. */
export const PROBLEM_CODES_EXTENSION = 'x-problem-codes';

/** A route's own problem codes: those its handler and services throw (the standard ones are added). */
interface RouteProblems {
  problems: readonly ProblemCode[];
  /**
   * For a route that accepts more than the bearer access token (the codec endpoints also take
   * their session cookie): the middleware that sets the principal, and the security schemes it
   * accepts. The permission check still follows it.
   */
  authentication?: { middleware: MiddlewareHandler<AppEnv>; schemes: string[] };
}

/**
 * `createRoute` plus the access rule: every route states the permission it needs (or that it is
 * public, or for robots), which installs the auth middleware, documents the bearer requirement and
 * the 401/403 answers, and records the permission in the OpenAPI description. The answers that
 * middleware in front of every route can give are documented here too (see `standardResponses`),
 * and so are their problem codes, beside the route's own `problems` (see `standardProblems`).
 */
export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware' | 'security'> & { path: P },
>(access: RouteAccess, routeConfig: R & RouteProblems) {
  const problems = routeConfig.problems;
  const authentication = routeConfig.authentication;
  const config = withoutProblems(routeConfig);
  const responses = { ...standardResponses(access, config), ...config.responses };
  const codes = {
    [PROBLEM_CODES_EXTENSION]: [...new Set([...standardProblems(access, config), ...problems])],
  };
  if (access === PUBLIC) {
    return createRoute({ ...config, responses, security: [], [PERMISSION_EXTENSION]: access, ...codes });
  }
  if (access === ROBOT) {
    return createRoute({
      ...config,
      middleware: [authenticateRobot] as const,
      security: [{ robotToken: [] }],
      responses,
      [PERMISSION_EXTENSION]: access,
      ...codes,
    });
  }
  return createRoute({
    ...config,
    middleware: [authentication?.middleware ?? authenticate, requirePermissionMiddleware(access)] as const,
    security: (authentication?.schemes ?? ['bearerAuth']).map((scheme) => ({ [scheme]: [] })),
    responses,
    [PERMISSION_EXTENSION]: access,
    ...codes,
  });
}

/** `problems` and `authentication` are ours, not OpenAPI's: the generator would copy it into the operation as it is. */
function withoutProblems<R extends object>(routeConfig: R & RouteProblems): R {
  const config: R & Partial<RouteProblems> = { ...routeConfig };
  delete config.problems;
  delete config.authentication;
  return config;
}

/**
 * What a route can answer before its handler runs, so no route has to remember to list it: 400 for
 * input that fails validation or that the database could not store (every route validates its
 * path, query and body, and the input check in front of all routes refuses unstorable text), 401
 * and 403 from authentication, and 413 and 415 from the body limit and JSON-only body checks.
 */
function standardResponses(access: RouteAccess, config: Pick<RouteConfig, 'request'>) {
  const statuses = [400];
  if (access !== PUBLIC) statuses.push(401, 403);
  if (config.request?.body) statuses.push(413, 415);
  return errorResponses(...statuses);
}

/**
 * The codes behind `standardResponses`: zod's validation of whatever the route takes, the unsafe-text
 * check on every /api path and query and JSON body (app.ts), the body limit and the JSON-only check,
 * and authentication. Robot routes check their token but no permission.
 */
function standardProblems(access: RouteAccess, config: Pick<RouteConfig, 'request' | 'path'>): ProblemCode[] {
  const request = config.request;
  const codes: ProblemCode[] = [];
  if (request?.params || request?.query || request?.headers || request?.body) codes.push('validation_failed');
  if (config.path.startsWith('/api/')) {
    codes.push('invalid_text');
    if (request?.body)
      codes.push('too_deep', 'malformed_request', 'payload_too_large', 'unsupported_media_type');
  }
  if (access !== PUBLIC) codes.push('unauthorized');
  if (access !== PUBLIC && access !== ROBOT) codes.push('forbidden');
  return codes;
}
