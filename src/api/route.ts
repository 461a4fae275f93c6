import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Permission } from '../services/access/catalogue.js';
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

/**
 * `createRoute` plus the access rule: every route states the permission it needs (or that it is
 * public, or for robots), which installs the auth middleware, documents the bearer requirement and
 * the 401/403 answers, and records the permission in the OpenAPI description. The answers that
 * middleware in front of every route can give are documented here too (see `standardResponses`).
 */
export function defineRoute<
  P extends string,
  R extends Omit<RouteConfig, 'path' | 'middleware' | 'security'> & { path: P },
>(access: RouteAccess, config: R) {
  const responses = { ...standardResponses(access, config), ...config.responses };
  if (access === PUBLIC) {
    return createRoute({ ...config, responses, security: [], [PERMISSION_EXTENSION]: access });
  }
  if (access === ROBOT) {
    return createRoute({
      ...config,
      middleware: [authenticateRobot] as const,
      security: [{ robotToken: [] }],
      responses,
      [PERMISSION_EXTENSION]: access,
    });
  }
  return createRoute({
    ...config,
    middleware: [authenticate, requirePermissionMiddleware(access)] as const,
    security: [{ bearerAuth: [] }],
    responses,
    [PERMISSION_EXTENSION]: access,
  });
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
