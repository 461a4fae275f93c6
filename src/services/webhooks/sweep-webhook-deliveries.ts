import { and, asc, eq, lt } from 'drizzle-orm';
import { webhookDeliveries } from '../../db/schema/index.js';
import type { Platform } from '../context.js';
import { startDeliveryWorkflows } from './start-webhook-deliveries.js';

/** Deliveries one sweep starts at most; the next minute's takes the rest. */
const SWEEP_BATCH = 500;

/**
 * Starts the delivery workflow of every delivery still pending after `olderThanSeconds` (its start
 * after the commit was lost: a crash, Temporal away). Starting one that runs already is a no-op
 * (USE_EXISTING), so the sweep needs no record of what was started.
 */
export async function sweepWebhookDeliveries(platform: Platform, olderThanSeconds: number): Promise<number> {
  const cutoff = new Date(platform.clock().getTime() - olderThanSeconds * 1000);
  const pending = await platform.db
    .select({ id: webhookDeliveries.id, orgId: webhookDeliveries.orgId })
    .from(webhookDeliveries)
    // tenancy: cross-tenant — the sweeper serves every organization's outbox; each start carries its row's org.
    .where(and(eq(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.createdAt, cutoff)))
    .orderBy(asc(webhookDeliveries.createdAt))
    .limit(SWEEP_BATCH);
  return startDeliveryWorkflows(platform, pending);
}
