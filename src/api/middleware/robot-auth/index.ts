import type { Context, MiddlewareHandler } from 'hono';
import { unauthorized } from '../../../lib/errors.js';
import { findRobotByToken } from '../../../services/agents/robot-context.js';
import type { RobotContext, RobotIdentity } from '../../../services/context.js';
import { robotContextOf } from '../../context.js';
import type { AppEnv } from '../../env.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `authenticateRobot` on robot routes. */
    robot?: RobotIdentity;
  }
}

/**
 * Robot routes accept only a robot token (`rbt_…`), looked up by its hash: a user's access token
 * is refused here with 401, as a robot token is refused by the user routes' JWT check.
 */
export const authenticateRobot: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorized();
  const robot = await findRobotByToken(c.get('platform').db, match[1]);
  if (!robot) throw unauthorized('Not a valid robot token');
  c.set('robot', robot);
  c.set('logger', c.get('logger').child({ robot_id: robot.id, org_id: robot.orgId }));
  await next();
};

/** The service context of the authenticated robot (see api/context.ts). */
export const robotContext = (c: Context<AppEnv>): RobotContext => robotContextOf(c);

/** Documents the robot token in the OpenAPI description; called by the modules with robot routes. */
export function registerRobotSecurityScheme(app: {
  openAPIRegistry: { registerComponent(type: 'securitySchemes', name: string, component: object): unknown };
}) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'robotToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A robot token (`rbt_…`), shown once by POST /api/v1/agents and POST /api/v1/agents/{id}/rotate-token',
  });
}
