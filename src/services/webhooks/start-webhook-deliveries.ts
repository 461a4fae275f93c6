import {
  WEBHOOK_DELIVERY_WORKFLOW_TYPE,
  type WebhookDeliveryInput,
} from '../../workflows/webhook-delivery-input.js';
import type { Platform } from '../context.js';

const TEMPORAL_DEADLINE_MS = 10_000;

/** The delivery workflow's input for one delivery, with the retry policy of this deployment. */
export function deliveryInput(
  platform: Platform,
  delivery: { id: string; orgId: string },
): WebhookDeliveryInput {
  const settings = platform.config.webhooks;
  return {
    deliveryId: delivery.id,
    orgId: delivery.orgId,
    retry: {
      initialSeconds: settings.retryInitialSeconds,
      maxIntervalSeconds: settings.retryMaxIntervalSeconds,
      maxAttempts: settings.maxAttempts,
      timeoutSeconds: settings.timeoutSeconds,
    },
  };
}

/**
 * Starts one delivery workflow per delivery (workflow id = delivery id; a running one is kept, so
 * starting twice is harmless). Never throws: a start Temporal did not take is logged, and the
 * sweeper starts that delivery within a minute or two, from its pending row.
 */
export async function startWebhookDeliveries(
  ctx: Platform & { orgId: string },
  deliveryIds: readonly string[],
): Promise<void> {
  await startDeliveryWorkflows(
    ctx,
    deliveryIds.map((id) => ({ id, orgId: ctx.orgId })),
  );
}

export async function startDeliveryWorkflows(
  platform: Platform,
  deliveries: readonly { id: string; orgId: string }[],
): Promise<number> {
  let started = 0;
  await Promise.all(
    deliveries.map(async (delivery) => {
      try {
        await platform.temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
          platform.temporal.client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
            workflowId: delivery.id,
            taskQueue: platform.temporal.taskQueue,
            args: [deliveryInput(platform, delivery)],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        );
        started += 1;
      } catch (error) {
        platform.logger.warn(
          { err: error, delivery_id: delivery.id },
          'webhook delivery not started; the sweeper will',
        );
      }
    }),
  );
  return started;
}
