import type { agentTasks } from '../../db/schema/index.js';
import { heartbeatIntervalSeconds, type TaskAttempt } from './task-attempt.js';

export type AgentTaskRow = typeof agentTasks.$inferSelect;

/** The API shape of an agent task for users: everything but the sealed Temporal attempt. */
export function toAgentTaskResource(row: AgentTaskRow) {
  return {
    id: row.id,
    execution_id: row.executionId,
    step_path: row.stepPath,
    attempt: row.attempt,
    task_type: row.taskType,
    payload: row.payload ?? null,
    required_labels: row.requiredLabels,
    required_capabilities: row.requiredCapabilities,
    status: row.status,
    agent_id: row.agentId ?? null,
    cancel_requested: row.cancelRequested,
    result: row.result ?? null,
    error: row.error ?? null,
    claimed_at: row.claimedAt?.toISOString() ?? null,
    last_heartbeat_at: row.lastHeartbeatAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type AgentTaskResource = ReturnType<typeof toAgentTaskResource>;

/**
 * What a robot gets when it claims: the work and its deadlines. The task id is all it needs to
 * report back; the Temporal task token stays on the server.
 */
export function toClaimedTask(row: AgentTaskRow, attempt: TaskAttempt) {
  return {
    id: row.id,
    task_type: row.taskType,
    payload: row.payload ?? null,
    attempt: row.attempt,
    execution_id: row.executionId,
    timeout_at: attempt.timeoutAt?.toISOString() ?? null,
    heartbeat_interval_seconds: heartbeatIntervalSeconds(attempt),
  };
}

export type ClaimedTask = ReturnType<typeof toClaimedTask>;
