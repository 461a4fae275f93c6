// What the notification workflow, its activities, the notify step and the services share.

export const NOTIFICATION_WORKFLOW_TYPE = 'notificationWorkflow';

export type NotificationChannelName = 'email' | 'chat' | 'webhook';

/** A notification to record (once: its id is the key) and deliver. */
export interface NotificationSpec {
  id: string;
  orgId: string;
  channel: NotificationChannelName;
  recipients: string[];
  subject: string;
  body: string;
  source: string;
  data: Record<string, unknown>;
}

export interface NotificationWorkflowInput {
  orgId: string;
  notificationId: string;
  /** Attempts before the delivery gives up (NOTIFICATION_MAX_ATTEMPTS). */
  maxAttempts: number;
}

export interface NotificationOutcome {
  notification_id: string;
  status: 'sent' | 'failed';
  sent_at: string | null;
  error: string | null;
}
