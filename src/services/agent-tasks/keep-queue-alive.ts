import { asc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentTasks } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { TemporalHandle } from '../../temporal/client.js';
import { settleDeadTask } from './settle-task.js';
import { openTaskAttempt } from './task-attempt.js';
import { heartbeatAttempt } from './temporal-attempt.js';

/** At most one pass per organization per second per API process, however many robots poll. */
const MIN_PASS_INTERVAL_MS = 1000;
const BATCH = 100;
const lastPass = new Map<string, number>();

/**
 * Heartbeats the organization's queued (unclaimed) tasks. An agent step's activity has a
 * heartbeat timeout so that a robot that dies holding a task gives it back; but that clock also
 * runs while the task waits in the queue, when no robot holds it yet. Robots polling or
 * heartbeating stand in for it: while some robot of the organization is alive, queued tasks wait
 * (up to the step's `timeout`); with none, they time out like a task held by a dead robot, and
 * the step's retry policy decides. Each task is heartbeated at a third of its own timeout. The
 * pass also notices queued tasks whose run was cancelled or whose attempt is gone, and closes them.
 */
export async function keepQueueAlive(
  deps: { db: Db; temporal: TemporalHandle; masterKey: Buffer },
  orgId: string,
): Promise<void> {
  const now = Date.now();
  if ((lastPass.get(orgId) ?? 0) > now - MIN_PASS_INTERVAL_MS) return;
  lastPass.set(orgId, now);
  const since = sql`coalesce(${agentTasks.lastHeartbeatAt}, ${agentTasks.createdAt})`;
  const rows = await deps.db
    .select()
    .from(agentTasks)
    .where(
      inOrg(
        agentTasks,
        orgId,
        eq(agentTasks.status, 'pending'),
        lt(since, sql`${new Date(now - MIN_PASS_INTERVAL_MS).toISOString()}::timestamptz`),
      ),
    )
    .orderBy(asc(since))
    .limit(BATCH);
  for (const row of rows) {
    const attempt = openTaskAttempt(deps.masterKey, row.id, row.taskTokenCiphertext);
    if (attempt.heartbeatTimeoutMs === null) continue;
    const quietFor = now - (row.lastHeartbeatAt ?? row.createdAt).getTime();
    if (quietFor < attempt.heartbeatTimeoutMs / 3) continue;
    const state = await heartbeatAttempt(deps.temporal, attempt.token);
    if (state !== 'alive') {
      await settleDeadTask(deps.db, deps.temporal, row, state, attempt.token);
      continue;
    }
    await deps.db
      .update(agentTasks)
      .set({ lastHeartbeatAt: new Date() })
      .where(inOrg(agentTasks, orgId, eq(agentTasks.id, row.id), eq(agentTasks.status, 'pending')));
  }
}
