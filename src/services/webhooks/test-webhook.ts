import { newId } from '../../lib/ids.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { sendWebhook } from './send-webhook.js';
import { findWebhook } from './webhook-resource.js';

export interface WebhookTestResult {
  webhook_id: string;
  delivered: boolean;
  status: number | null;
  latency_ms: number | null;
  response_body: string | null;
  error: { code: string; message: string } | null;
}

/**
 * Sends a signed `webhook.test` event to the subscription now, through the outbound guard, and
 * says what the receiver answered. Nothing is retried or recorded as a delivery; a disabled
 * subscription can be tested too (that is how one checks a receiver before enabling it again).
 */
export async function testWebhook(ctx: ServiceContext, id: string): Promise<WebhookTestResult> {
  requirePermission(ctx, 'webhooks:write');
  const row = await findWebhook(ctx.db, ctx.orgId, id);
  const messageId = newId('whd');
  const result = await send(ctx, row, messageId);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx, {
      action: 'webhook.test',
      resourceType: 'webhook',
      resourceId: id,
      details: { webhook_id: messageId, status: result.status, delivered: result.delivered },
    }),
  );
  return result;
}

async function send(ctx: ServiceContext, row: Parameters<typeof sendWebhook>[1], messageId: string) {
  const empty = { webhook_id: messageId, status: null, latency_ms: null, response_body: null };
  try {
    const answer = await sendWebhook(ctx, row, {
      id: messageId,
      type: 'webhook.test',
      occurredAt: ctx.clock().toISOString(),
      data: { webhook: { id: row.id, name: row.name }, message: 'A test event from Conveyor' },
    });
    return {
      ...empty,
      delivered: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      latency_ms: answer.latencyMs,
      response_body: answer.body,
      error: null,
    } satisfies WebhookTestResult;
  } catch (error) {
    const code = error instanceof OutboundError ? error.code : 'TIMEOUT';
    const message = error instanceof OutboundError ? error.message : 'The receiver did not answer in time';
    return { ...empty, delivered: false, error: { code, message } } satisfies WebhookTestResult;
  }
}
