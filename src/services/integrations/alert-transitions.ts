import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { integrationAlerts } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ServiceContext } from '../context.js';
import { publishEvents } from '../events/publish.js';
import {
  type AlertResource,
  findOpenAlert,
  type IntegrationRow,
  toAlertResource,
} from './integration-resource.js';

export interface AlertTransition {
  state: 'opened' | 'resolved';
  alert: AlertResource;
}

/**
 * Where an integration's alert opens and resolves, inside the transaction that records the check:
 * consecutive failures reaching the threshold open one (if none is open), the next success
 * resolves it. Each transition writes its audit row and publishes `integration.alert` at commit.
 * It returns the transition (null when there is none), so whatever else should follow an alert
 * (notifications, outbound webhooks) is one call added here.
 */
export async function applyAlertTransition(
  tx: Db,
  ctx: ServiceContext,
  integration: IntegrationRow,
  outcome: { ok: boolean; consecutiveFailures: number; error: string | null; at: Date },
): Promise<AlertTransition | null> {
  const open = await findOpenAlert(tx, ctx.orgId, integration.id);
  if (outcome.ok) {
    if (!open) return null;
    await updateInOrg(tx, integrationAlerts, ctx.orgId, eq(integrationAlerts.id, open.id), {
      resolvedAt: outcome.at,
    });
    await publishEvents(tx, [event(ctx, integration, open.id, 'resolved')]);
    await audit(tx, ctx, integration, 'integration.alert_resolve', open.id);
    return { state: 'resolved', alert: toAlertResource({ ...open, resolvedAt: outcome.at }) };
  }
  if (open) {
    await updateInOrg(tx, integrationAlerts, ctx.orgId, eq(integrationAlerts.id, open.id), {
      failures: outcome.consecutiveFailures,
      lastError: outcome.error,
    });
    return null;
  }
  if (outcome.consecutiveFailures < integration.failureThreshold) return null;
  const id = newId('ialt');
  const [opened] = await tx
    .insert(integrationAlerts)
    .values({
      id,
      orgId: ctx.orgId,
      integrationId: integration.id,
      openedAt: outcome.at,
      failures: outcome.consecutiveFailures,
      lastError: outcome.error,
    })
    .returning();
  if (!opened) throw new Error('insert returned no row');
  await publishEvents(tx, [event(ctx, integration, id, 'opened')]);
  await audit(tx, ctx, integration, 'integration.alert_open', id);
  return { state: 'opened', alert: toAlertResource(opened) };
}

// NOTIFY inside the transaction: delivered at commit, and never for a change that rolls back.
const event = (
  ctx: ServiceContext,
  integration: IntegrationRow,
  alertId: string,
  state: AlertTransition['state'],
) => ({
  type: 'integration.alert' as const,
  orgId: ctx.orgId,
  data: { integration_id: integration.id, alert_id: alertId, name: integration.name, state },
});

function audit(
  tx: Db,
  ctx: ServiceContext,
  integration: IntegrationRow,
  action: 'integration.alert_open' | 'integration.alert_resolve',
  alertId: string,
) {
  return recordAudit(tx, ctx, {
    action,
    resourceType: 'integration',
    resourceId: integration.id,
    details: { alert_id: alertId, name: integration.name },
  });
}
