/** What the API, the sweeper and the delivery workflow share about outbound webhook deliveries. */

export const WEBHOOK_DELIVERY_WORKFLOW_TYPE = 'webhookDeliveryWorkflow';
export const WEBHOOK_SWEEPER_WORKFLOW_TYPE = 'webhookSweeperWorkflow';

export interface WebhookRetrySettings {
  initialSeconds: number;
  maxIntervalSeconds: number;
  maxAttempts: number;
  /** One attempt's own bound (the request's timeout), so the activity's is a little longer. */
  timeoutSeconds: number;
}

/** One delivery's workflow input; its workflow id is the delivery id (`whd_…`). */
export interface WebhookDeliveryInput {
  deliveryId: string;
  orgId: string;
  retry: WebhookRetrySettings;
}

export interface WebhookSweeperInput {
  /** Pending deliveries older than this are (re)started. */
  olderThanSeconds: number;
}

/** The failure type an attempt throws when the receiver did not take the event: retried. */
export const WEBHOOK_NOT_ACCEPTED = 'WebhookNotAccepted';
