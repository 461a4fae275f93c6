import { CompleteAsyncError, Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { closeStepTasks } from '../services/agent-tasks/close-step-tasks.js';
import { type AgentTaskRequest, recordAgentTask } from '../services/agent-tasks/record-agent-task.js';
import type { AgentTaskCompletion } from '../services/agent-tasks/submit-agent-task-result.js';

export type { AgentTaskCompletion, AgentTaskRequest };

export interface AgentTaskActivities {
  /**
   * Queues the task for robots and returns without completing: the API completes the activity
   * with the robot's result (Temporal async completion). Resolves to what the robot reported.
   */
  dispatchAgentTask(request: AgentTaskRequest): Promise<AgentTaskCompletion>;
  /** Closes the step's open tasks when the step ends without a result (cancelled, timed out). */
  closeAgentTasks(target: {
    orgId: string;
    executionId: string;
    stepPath: string;
    status: 'cancelled' | 'timed_out';
  }): Promise<number>;
}

/** `masterKey` seals the Temporal task token at rest, so a database dump cannot complete activities. */
export function createAgentTaskActivities(deps: { db: Db; masterKey: Buffer }): AgentTaskActivities {
  return {
    async dispatchAgentTask(request) {
      const info = Context.current().info;
      await recordAgentTask(deps.db, deps.masterKey, {
        ...request,
        // Activity ids restart with each continue-as-new run; the run id keeps them apart.
        activityId: `${info.workflowExecution?.runId ?? 'standalone'}/${info.activityId}`,
        attempt: info.attempt,
        temporal: {
          token: info.taskToken,
          heartbeatTimeoutMs: info.heartbeatTimeoutMs ?? null,
          timeoutAt: info.startToCloseTimeoutMs
            ? new Date(info.currentAttemptScheduledTimestampMs + info.startToCloseTimeoutMs)
            : null,
        },
      });
      throw new CompleteAsyncError();
    },

    closeAgentTasks(target) {
      return closeStepTasks(deps.db, target);
    },
  };
}
