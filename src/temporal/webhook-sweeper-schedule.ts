import { ScheduleAlreadyRunning } from '@temporalio/client';
import type { Logger } from 'pino';
import {
  WEBHOOK_SWEEPER_WORKFLOW_TYPE,
  type WebhookSweeperInput,
} from '../workflows/webhook-delivery-input.js';
import type { TemporalHandle } from './client.js';

/** One sweeper schedule per task queue: the workers polling that queue run its workflow. */
export const webhookSweeperScheduleId = (taskQueue: string) => `webhook-sweeper:${taskQueue}`;

/**
 * Creates the Temporal Schedule that runs the webhook sweeper every minute (docs/webhooks.md), once:
 * every worker start calls this, and an existing schedule is left as it is. A failure is logged,
 * not fatal: deliveries still start after their commit; only lost starts wait for the sweeper.
 */
export async function ensureWebhookSweeperSchedule(
  temporal: TemporalHandle,
  logger: Logger,
  input: WebhookSweeperInput,
): Promise<void> {
  const scheduleId = webhookSweeperScheduleId(temporal.taskQueue);
  try {
    await temporal.connection.withDeadline(Date.now() + 10_000, () =>
      temporal.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '1 minute' }] },
        action: {
          type: 'startWorkflow',
          workflowType: WEBHOOK_SWEEPER_WORKFLOW_TYPE,
          taskQueue: temporal.taskQueue,
          args: [input],
          workflowExecutionTimeout: '5 minutes',
        },
        policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
      }),
    );
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return;
    logger.warn({ err: error, schedule_id: scheduleId }, 'webhook sweeper schedule not created');
  }
}
