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

/** Organizations whose pass is running now: one at a time each, however long it takes. */
const inFlight = new Set<string>();

/**
 * Heartbeats the organization's queued (unclaimed) tasks. An agent step's activity has a
 * heartbeat timeout so that a robot that dies holding a task gives it back; but that clock also
 * runs while the task waits in the queue, when no robot holds it yet. Robots polling or
 * heartbeating stand in for it: while some robot of the organization is alive, queued tasks wait
 * (up to the step's `timeout`); with none, they time out like a task held by a dead robot, and
 * the step's retry policy decides. Each task is heartbeated at a third of its own timeout. The
 * pass also notices queued tasks whose run was cancelled or whose attempt is gone, and closes them.
 *
 * Started, not awaited: the claim or heartbeat that triggers a pass does not wait for upkeep of
 * tasks it is not taking (with 100,000 queued the pass's scan alone took ~80 ms on PostgreSQL,
 * bench/claim-latency.ts). A pass that fails (Temporal or the database away) is dropped; the next
 * poll, a second later, starts another, and the claim itself reports the outage.
 */
export function keepQueueAlive(
  deps: { db: Db; temporal: TemporalHandle; masterKey: Buffer },
  orgId: string,
): void {
  const now = Date.now();
  if (inFlight.has(orgId) || (lastPass.get(orgId) ?? 0) > now - MIN_PASS_INTERVAL_MS) return;
  lastPass.set(orgId, now);
  inFlight.add(orgId);
  void runPass(deps, orgId, now)
    .catch(() => {})
    .finally(() => inFlight.delete(orgId));
}

async function runPass(
  deps: { db: Db; temporal: TemporalHandle; masterKey: Buffer },
  orgId: string,
  now: number,
): Promise<void> {
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
