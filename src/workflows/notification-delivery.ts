import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications.js';
import type { NotificationOutcome, NotificationWorkflowInput } from './notification-messages.js';

const { markNotificationFailed } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Delivers one notification, durably: the attempt is an activity retried with backoff (2 s
 * doubling to 10 min), so a mail server that is down delays it and a worker that dies hands it to
 * another. A notification already sent is never sent again (the activity checks its row), and
 * when the attempts are spent the row says failed.
 */
export async function notificationWorkflow(input: NotificationWorkflowInput): Promise<NotificationOutcome> {
  const { deliverNotification } = proxyActivities<NotificationActivities>({
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      maximumAttempts: input.maxAttempts,
    },
  });
  try {
    const sent = await deliverNotification({ orgId: input.orgId, notificationId: input.notificationId });
    return { notification_id: input.notificationId, status: 'sent', sent_at: sent.sent_at, error: null };
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const message = cause instanceof ApplicationFailure ? cause.message : 'The delivery failed';
    await markNotificationFailed({
      orgId: input.orgId,
      notificationId: input.notificationId,
      error: message,
    });
    return { notification_id: input.notificationId, status: 'failed', sent_at: null, error: message };
  }
}
