// A backlog of pending agent tasks written straight into agent_tasks, shaped like the rows the
// `agent` step's activity records (src/services/agent-tasks/record-agent-task.ts), with a sealed
// attempt each. Their Temporal attempts do not exist: they are the queue depth the claim query
// has to look past, never handed out (the benchmark's live tasks are older, so they come first).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../src/db/client.js';
import { agentTasks } from '../../../src/db/schema/index.js';
import { newId } from '../../../src/lib/ids.js';
import { sealTaskAttempt } from '../../../src/services/agent-tasks/task-attempt.js';

const BATCH = 2000;

export async function seedBacklog(
  db: Db,
  masterKey: Buffer,
  options: { orgId: string; taskType: string; rows: number; label: string },
): Promise<void> {
  for (let from = 0; from < options.rows; from += BATCH) {
    const values = [];
    for (let i = from; i < Math.min(options.rows, from + BATCH); i++) {
      const id = newId('tsk');
      values.push({
        id,
        orgId: options.orgId,
        executionId: `exe_backlog_${options.label}_${i}`,
        stepPath: 'robot_work',
        activityId: `backlog/${i}`,
        attempt: 1,
        taskType: options.taskType,
        payload: { order: `B-${i}` },
        // No heartbeat timeout: the queue keep-alive skips them instead of calling Temporal for
        // attempts that do not exist (a live queued task is heartbeated at a third of its timeout).
        taskTokenCiphertext: sealTaskAttempt(masterKey, id, {
          token: new Uint8Array(randomBytes(32)),
          heartbeatTimeoutMs: null,
          timeoutAt: null,
        }),
      });
    }
    await db.insert(agentTasks).values(values);
  }
}
