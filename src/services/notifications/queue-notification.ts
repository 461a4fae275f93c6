import { notifications } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import {
  NOTIFICATION_WORKFLOW_TYPE,
  type NotificationSpec,
  type NotificationWorkflowInput,
} from '../../workflows/notification-messages.js';
import type { ServiceContext } from '../context.js';

const START_DEADLINE_MS = 10_000;

/** Records a notification; recording the same id again (a retried activity) changes nothing. */
export async function recordNotification(ctx: ServiceContext, spec: NotificationSpec): Promise<void> {
  await ctx.db
    .insert(notifications)
    .values({
      id: spec.id,
      orgId: ctx.orgId,
      channel: spec.channel,
      recipients: spec.recipients,
      subject: spec.subject,
      body: spec.body,
      source: spec.source,
      data: spec.data,
      createdAt: ctx.clock(),
    })
    .onConflictDoNothing({ target: notifications.id });
}

/**
 * Records a notification and starts its delivery workflow (its id is the notification's, so a
 * second start finds the first). Every sender uses this: the send route, the notify step,
 * approval requests, alerts. Delivery is Temporal's from here: retried, never lost with a process.
 */
export async function queueNotification(ctx: ServiceContext, spec: NotificationSpec) {
  await recordNotification(ctx, spec);
  const input: NotificationWorkflowInput = {
    orgId: ctx.orgId,
    notificationId: spec.id,
    maxAttempts: ctx.config.notifications.maxAttempts,
  };
  return ctx.temporal.connection
    .withDeadline(Date.now() + START_DEADLINE_MS, () =>
      ctx.temporal.client.workflow.start(NOTIFICATION_WORKFLOW_TYPE, {
        workflowId: spec.id,
        taskQueue: ctx.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `Notification (${spec.channel})`,
      }),
    )
    .catch(() => {
      throw new ApiError('temporal_unavailable', 'Temporal did not start the delivery; try again');
    });
}
