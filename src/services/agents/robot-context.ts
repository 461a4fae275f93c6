import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agents } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import { hashRobotToken, looksLikeRobotToken } from './robot-tokens.js';

/** The robot behind a request, as its token identified it. */
export interface RobotIdentity {
  id: string;
  orgId: string;
  name: string;
}

/**
 * The service context of a robot's request. Robots hold no user permissions: the robot services
 * (claim, result, heartbeat) check `requireRobot` instead, and every user service refuses them
 * because their permission set is empty.
 */
export interface RobotContext extends ServiceContext {
  robot: RobotIdentity;
}

export function requireRobot(ctx: ServiceContext): RobotContext {
  const robot = (ctx as Partial<RobotContext>).robot;
  if (ctx.actor.type !== 'robot' || !robot) {
    throw new ApiError('robot_only', 'Only robots, with their own token, may do this');
  }
  return ctx as RobotContext;
}

/** The live robot whose current token this is; null for anything else (rotated, deleted, forged). */
export async function findRobotByToken(db: Db, token: string): Promise<RobotIdentity | null> {
  if (!looksLikeRobotToken(token)) return null;
  const [row] = await db
    .select({ id: agents.id, orgId: agents.orgId, name: agents.name })
    .from(agents)
    .where(
      and(eq(agents.tokenHash, hashRobotToken(token)), eq(agents.kind, 'robot'), isNull(agents.deletedAt)),
    );
  return row ?? null;
}
