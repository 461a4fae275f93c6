import type { Context } from 'hono';
import { unauthorized } from '../lib/errors.js';
import {
  type RequestContext,
  type RobotContext,
  requestContext,
  robotContext,
  type ServiceContext,
  userContext,
} from '../services/context.js';
import type { AppEnv } from './env.js';
import { clientIp } from './middleware/client-ip.js';

/**
 * The only places a handler gets a service context from: each reads what the middleware in front
 * of the route established (nobody yet, a user, a robot) and builds it with the constructor for
 * that actor. Handlers pass it and their validated input to one service, and nothing else.
 */

/** For public routes: the platform and this request's facts, with its own logger. */
export function publicContext(c: Context<AppEnv>): RequestContext {
  return requestContext(
    { ...c.get('platform'), logger: c.get('logger') },
    {
      requestId: c.get('requestId'),
      clientRequestId: c.get('clientRequestId'),
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? null,
    },
  );
}

/** The authenticated user of this request (set by `authenticate`). */
export function userContextOf(c: Context<AppEnv>): ServiceContext {
  const principal = c.get('principal');
  if (!principal) throw unauthorized();
  return userContext(publicContext(c), principal);
}

/** The authenticated robot of this request (set by `authenticateRobot`). */
export function robotContextOf(c: Context<AppEnv>): RobotContext {
  const robot = c.get('robot');
  if (!robot) throw unauthorized();
  return robotContext(publicContext(c), robot);
}
