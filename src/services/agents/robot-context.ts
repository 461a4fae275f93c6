import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agents } from '../../db/schema/index.js';
import type { RobotIdentity } from '../context.js';
import { hashRobotToken, looksLikeRobotToken } from './robot-tokens.js';

/** The live robot whose current token this is; null for anything else (rotated, deleted, forged). */
export async function findRobotByToken(db: Db, token: string): Promise<RobotIdentity | null> {
  if (!looksLikeRobotToken(token)) return null;
  // tenancy: cross-tenant — a robot is known by its token alone; the row found names its org
  const [row] = await db
    .select({ id: agents.id, orgId: agents.orgId, name: agents.name })
    .from(agents)
    .where(
      and(eq(agents.tokenHash, hashRobotToken(token)), eq(agents.kind, 'robot'), isNull(agents.deletedAt)),
    );
  return row ?? null;
}
