import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { ApiError, forbidden, notFound } from '../lib/errors.js';
import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { Secrets } from '../secrets.js';
import type { TemporalHandle } from '../temporal/client.js';
import type { Permission } from './access/catalogue.js';
import type { LiveEventSource } from './events/hub.js';
import type { ServiceConfig } from './service-config.js';

/**
 * The one context module: what a service is handed, and the only constructors of it. A service
 * is `verbNoun(ctx, input)`: everything it needs besides its validated input comes from `ctx`, so
 * no service takes a key, a setting or a client as an argument of its own.
 */

/** Reads the time; services use it instead of `new Date()` where a test wants to set the time. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** What every service may use, whoever acts: built once per process (API or worker). */
export interface Platform {
  /** The database, or the transaction a service was called inside. */
  db: Db;
  temporal: TemporalHandle;
  secrets: Secrets;
  config: ServiceConfig;
  logger: Logger;
  clock: Clock;
  /** The outbound guard: every request to a user-given address (a step's, an OAuth provider's). */
  outbound: OutboundGuard;
  /** Events any process publishes, for a service that follows one (the API's; workers only publish). */
  events: LiveEventSource;
}

/** The facts of the request that led to the call, recorded with audit rows and sessions. */
export interface RequestFacts {
  requestId: string | null;
  /** The client's own request id, recorded apart from ours (audit rows' `client_request_id`). */
  clientRequestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** A call nobody is known to make yet: login, registration, a signed webhook before its lookup. */
export interface RequestContext extends Platform, RequestFacts {}

export type ActorType = 'user' | 'robot' | 'system' | 'api_key';

/** Who is acting, for which organization, with which rights: passed to every tenant service. */
export interface ServiceContext extends RequestContext {
  orgId: string;
  actor: { type: ActorType; id: string | null };
  permissions: ReadonlySet<Permission>;
}

/** The robot behind a request, as its token identified it. */
export interface RobotIdentity {
  id: string;
  orgId: string;
  name: string;
}

/**
 * The context of a robot's request. Robots hold no user permissions: the robot services (claim,
 * result, heartbeat) check `requireRobot` instead, and every user service refuses them because
 * their permission set is empty.
 */
export interface RobotContext extends ServiceContext {
  robot: RobotIdentity;
}

const NO_REQUEST: RequestFacts = { requestId: null, clientRequestId: null, ip: null, userAgent: null };

export function requestContext(platform: Platform, facts: Partial<RequestFacts> = {}): RequestContext {
  return { ...platform, ...NO_REQUEST, ...facts };
}

/** A signed-in person, with the permissions their roles grant now. */
export function userContext(
  request: RequestContext,
  user: { userId: string; orgId: string; permissions: ReadonlySet<Permission> },
): ServiceContext {
  return {
    ...request,
    orgId: user.orgId,
    actor: { type: 'user', id: user.userId },
    permissions: user.permissions,
  };
}

/** A robot, by its own token. */
export function robotContext(request: RequestContext, robot: RobotIdentity): RobotContext {
  return {
    ...request,
    orgId: robot.orgId,
    actor: { type: 'robot', id: robot.id },
    permissions: new Set(),
    robot,
  };
}

/** An API key, with the permissions it was issued with (never more than its creator's). */
export function apiKeyContext(
  request: RequestContext,
  key: { keyId: string; orgId: string; permissions: ReadonlySet<Permission> },
): ServiceContext {
  return {
    ...request,
    orgId: key.orgId,
    actor: { type: 'api_key', id: key.keyId },
    permissions: key.permissions,
  };
}

/**
 * Conveyor itself, acting for an organization when no person is behind the act (webhooks, events,
 * schedules, sub-workflows, cancel escalation). It holds no permissions: the caller that decided
 * to act checked what had to be checked, and a system context cannot pass a user service's check.
 */
export function systemContext(
  platform: Platform,
  orgId: string,
  facts: Partial<RequestFacts> = {},
): ServiceContext {
  return {
    ...requestContext(platform, facts),
    orgId,
    actor: { type: 'system', id: null },
    permissions: new Set(),
  };
}

/** The same context inside a transaction: what the service writes through `ctx.db` commits together. */
export function withDb<C extends RequestContext>(ctx: C, db: Db): C {
  return { ...ctx, db };
}

export function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!ctx.permissions.has(permission)) throw forbidden(permission);
}

export function requireRobot(ctx: ServiceContext): RobotContext {
  const robot = (ctx as Partial<RobotContext>).robot;
  if (ctx.actor.type !== 'robot' || !robot) {
    throw new ApiError('robot_only', 'Only robots, with their own token, may do this');
  }
  return ctx as RobotContext;
}

export function assertFound<T>(value: T | undefined | null, resource: string): T {
  if (value === undefined || value === null) throw notFound(resource);
  return value;
}
