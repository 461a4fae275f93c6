import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities } from '../activities/webhooks.js';
import type { WebhookDeliveryInput, WebhookSweeperInput } from './webhook-delivery-input.js';

/**
 * One outbound webhook delivery: one activity, retried by Temporal with exponential backoff over
 * hours (the policy comes in the input, from WEBHOOK_RETRY_* settings). When every attempt has
 * failed the delivery is marked failed and counts against its subscription.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<string> {
  const { deliverWebhook } = proxyActivities<WebhookActivities>({
    startToCloseTimeout: `${input.retry.timeoutSeconds + 15} seconds`,
    retry: {
      initialInterval: `${input.retry.initialSeconds} seconds`,
      backoffCoefficient: 2,
      maximumInterval: `${input.retry.maxIntervalSeconds} seconds`,
      maximumAttempts: input.retry.maxAttempts,
    },
  });
  const { recordWebhookFailure } = proxyActivities<WebhookActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  try {
    return await deliverWebhook(input);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await recordWebhookFailure(input);
    return 'failed';
  }
}

/** Started every minute by a Temporal Schedule: starts the deliveries whose own start was lost. */
export async function webhookSweeperWorkflow(input: WebhookSweeperInput): Promise<number> {
  const { sweepWebhookDeliveries } = proxyActivities<WebhookActivities>({
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 3 },
  });
  return sweepWebhookDeliveries(input);
}
