import { ApplicationFailure } from '@temporalio/activity';
import type { Platform } from '../services/context.js';
import { attemptWebhookDelivery, recordWebhookFailure } from '../services/webhooks/deliver-webhook.js';
import { sweepWebhookDeliveries } from '../services/webhooks/sweep-webhook-deliveries.js';
import {
  WEBHOOK_NOT_ACCEPTED,
  type WebhookDeliveryInput,
  type WebhookSweeperInput,
} from '../workflows/webhook-delivery-input.js';

export interface WebhookActivities {
  /** One attempt; throws a retryable failure when the receiver did not take the event. */
  deliverWebhook(input: WebhookDeliveryInput): Promise<string>;
  recordWebhookFailure(input: WebhookDeliveryInput): Promise<void>;
  sweepWebhookDeliveries(input: WebhookSweeperInput): Promise<number>;
}

export function createWebhookActivities({ platform }: { platform: Platform }): WebhookActivities {
  return {
    async deliverWebhook(input) {
      const outcome = await attemptWebhookDelivery(platform, input);
      if (outcome.result === 'retry')
        throw ApplicationFailure.retryable(outcome.reason, WEBHOOK_NOT_ACCEPTED);
      return outcome.result;
    },
    recordWebhookFailure: (input) => recordWebhookFailure(platform, input),
    sweepWebhookDeliveries: (input) => sweepWebhookDeliveries(platform, input.olderThanSeconds),
  };
}
