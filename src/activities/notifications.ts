import { ApplicationFailure } from '@temporalio/activity';
import { type Platform, systemContext } from '../services/context.js';
import {
  type DeliveryOutcome,
  deliverNotification,
  markNotificationFailed,
} from '../services/notifications/deliver-notification.js';
import { queueNotification, recordNotification } from '../services/notifications/queue-notification.js';
import { DeliveryError } from '../services/notifications/transports/message.js';
import type { NotificationSpec } from '../workflows/notification-messages.js';

type Target = { orgId: string; notificationId: string };

export interface NotificationActivities {
  deliverNotification(target: Target): Promise<DeliveryOutcome>;
  markNotificationFailed(target: Target & { error: string }): Promise<void>;
  /** The notify step without waiting: records it and starts its delivery workflow. */
  queueNotification(spec: NotificationSpec): Promise<{ notification_id: string }>;
  /** The notify step that waits: records it (once) and delivers it within the step's own retries. */
  sendNotificationNow(spec: NotificationSpec): Promise<DeliveryOutcome & { notification_id: string }>;
}

export function createNotificationActivities({ platform }: { platform: Platform }): NotificationActivities {
  const deliver = async (target: Target) => {
    try {
      return await deliverNotification(systemContext(platform, target.orgId), target.notificationId);
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      throw ApplicationFailure.create({
        message: error.message,
        type: 'NOTIFICATION_NOT_DELIVERED',
        nonRetryable: !error.retryable,
      });
    }
  };
  return {
    deliverNotification: deliver,
    markNotificationFailed: ({ orgId, notificationId, error }) =>
      markNotificationFailed(systemContext(platform, orgId), notificationId, error),
    async queueNotification(spec) {
      await queueNotification(systemContext(platform, spec.orgId), spec);
      return { notification_id: spec.id };
    },
    async sendNotificationNow(spec) {
      await recordNotification(systemContext(platform, spec.orgId), spec);
      return { ...(await deliver({ orgId: spec.orgId, notificationId: spec.id })), notification_id: spec.id };
    },
  };
}
