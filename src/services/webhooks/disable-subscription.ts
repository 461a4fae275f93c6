import { eq } from 'drizzle-orm';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit, systemActor } from '../audit/record-audit.js';
import { type Platform, systemContext } from '../context.js';
import { publishEvents } from '../events/publish.js';
import { notifyOrganization } from '../notifications/notify-organization.js';
import type { WebhookRow } from './webhook-resource.js';

/**
 * Conveyor disabling a subscription on its own (too many failures, 410 Gone), in the caller's
 * transaction: the reason is kept on the row, audited, and announced as a live `notification`
 * event to the organization's sockets; after the commit, `announceDisabled` tells the
 * organization's notification channels.
 */
export async function disableSubscription(
  platform: Platform,
  row: WebhookRow,
  reason: string,
): Promise<void> {
  const { db } = platform;
  await db
    .update(webhookSubscriptions)
    .set({ enabled: false, disabledReason: reason, updatedAt: platform.clock() })
    .where(inOrg(webhookSubscriptions, row.orgId, eq(webhookSubscriptions.id, row.id)));
  await recordAudit(db, systemActor(row.orgId), {
    action: 'webhook.disable',
    resourceType: 'webhook',
    resourceId: row.id,
    details: { reason, consecutive_failures: row.consecutiveFailures },
  });
  await publishEvents(db, [
    {
      type: 'notification',
      orgId: row.orgId,
      data: {
        kind: 'webhook.disabled',
        webhook_id: row.id,
        name: row.name,
        reason,
        at: platform.clock().toISOString(),
      },
    },
  ]);
}

/** After the disabling commits: the organization hears of it on its notification channels. */
export function announceDisabled(platform: Platform, row: WebhookRow, reason: string): Promise<void> {
  return notifyOrganization(systemContext(platform, row.orgId), {
    key: `webhook-disabled:${row.id}:${row.updatedAt.getTime()}`,
    source: 'webhook_disabled',
    subject: `Webhook ${row.name} was disabled`,
    body: `Conveyor disabled the webhook subscription ${row.name} (${row.url}): ${reason}. Fix the receiver, then enable it again.`,
    data: { webhook_id: row.id, reason },
  });
}
