import { eq } from 'drizzle-orm';
import { type CheckTrigger, integrationChecks, integrations } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import { ExpressionError, evaluate, type Scope } from '../../workflows/expressions/evaluate.js';
import { EXPRESSION_DEADLINE_MS } from '../../workflows/expressions/limits.js';
import type { ServiceContext } from '../context.js';
import { notifyOrganization } from '../notifications/notify-organization.js';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.js';
import { startWebhookDeliveries } from '../webhooks/start-webhook-deliveries.js';
import { type AlertTransition, applyAlertTransition } from './alert-transitions.js';
import { callIntegration } from './call-integration.js';
import { findIntegration, type IntegrationRow } from './integration-resource.js';

export interface CheckResource {
  id: string;
  integration_id: string;
  ok: boolean;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  trigger: CheckTrigger;
  checked_at: string;
}

export interface CheckOutcome {
  check: CheckResource;
  alert: AlertTransition | null;
}

/**
 * One health check of an integration, for a caller that has already been allowed to run it (the
 * manual routes check `integrations:write`; the scheduled activity acts for the system): the
 * request through the guard with the integration's auth, its status against `expected_status`,
 * the bounded body assertion, then, in one transaction, the check's row, the integration's state
 * and any alert transition.
 */
export async function performHealthCheck(
  ctx: ServiceContext,
  integration: IntegrationRow,
  trigger: CheckTrigger,
): Promise<CheckOutcome> {
  const spec = integration.healthCheck;
  const call = await callIntegration(ctx, integration, {
    method: spec.method,
    path: spec.path,
    timeoutMs: spec.timeout_seconds * 1000,
  });
  let error: string | null = call.ok ? null : call.error;
  if (call.ok && !spec.expected_status.includes(call.status)) {
    error = `answered ${call.status}, expected ${spec.expected_status.join(' or ')}`;
  } else if (call.ok && spec.body_assertion) {
    error = await assertionFailure(spec.body_assertion, call.body, call.truncated);
  }
  const ok = error === null;
  const at = ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    const current = await findIntegration(tx, ctx.orgId, integration.id, { forUpdate: true });
    const consecutiveFailures = ok ? 0 : current.consecutiveFailures + 1;
    const [row] = await tx
      .insert(integrationChecks)
      .values({
        id: newId('ichk'),
        orgId: ctx.orgId,
        integrationId: current.id,
        ok,
        statusCode: call.ok ? call.status : null,
        latencyMs: call.latency_ms,
        error: error?.slice(0, 2000) ?? null,
        trigger,
        checkedAt: at,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await updateInOrg(tx, integrations, ctx.orgId, eq(integrations.id, current.id), {
      status: ok ? 'healthy' : 'failing',
      consecutiveFailures,
      lastCheckedAt: at,
      lastLatencyMs: call.latency_ms,
      lastError: row.error,
    });
    const alert = await applyAlertTransition(tx, ctx, current, {
      ok,
      consecutiveFailures,
      error: row.error,
      at,
    });
    // The outbox rows commit with the transition: subscribers hear of it even if this process dies now.
    const deliveries = alert
      ? await emitWebhookEvent(ctx, tx, {
          type: `integration.alert.${alert.state}`,
          eventId: `integration.alert.${alert.state}:${alert.alert.id}`,
          data: { integration_id: current.id, name: current.name, alert: alert.alert },
        })
      : [];
    return { check: toCheckResource(row), alert, deliveries };
  });
  const { deliveries, ...result } = outcome;
  if (result.alert) {
    await startWebhookDeliveries(ctx, deliveries);
    await notifyOrganization(ctx, alertNotice(integration, result.alert, result.check.error));
  }
  return result;
}

function alertNotice(integration: IntegrationRow, transition: AlertTransition, error: string | null) {
  const opened = transition.state === 'opened';
  return {
    key: `integration-alert:${transition.alert.id}:${transition.state}`,
    source: 'integration_alert' as const,
    subject: opened ? `${integration.name} is failing` : `${integration.name} has recovered`,
    body: opened
      ? `${integration.name} failed its health check ${integration.failureThreshold} time(s) in a row. Last error: ${error ?? 'unknown'}`
      : `${integration.name} passed its health check again; the alert is resolved.`,
    data: { integration_id: integration.id, alert_id: transition.alert.id, state: transition.state },
  };
}

export function toCheckResource(row: typeof integrationChecks.$inferSelect): CheckResource {
  return {
    id: row.id,
    integration_id: row.integrationId,
    ok: row.ok,
    status_code: row.statusCode,
    latency_ms: row.latencyMs,
    error: row.error,
    trigger: row.trigger,
    checked_at: row.checkedAt.toISOString(),
  };
}

/** Null when the assertion holds (is exactly true); else why not. Bounded like every user expression. */
async function assertionFailure(
  expression: string,
  body: unknown,
  truncated: boolean,
): Promise<string | null> {
  if (truncated) return 'body_assertion: the body is larger than the 64 KiB an assertion reads';
  try {
    const value = await evaluate(expression, (body ?? {}) as Scope, { deadlineMs: EXPRESSION_DEADLINE_MS });
    return value === true
      ? null
      : `body_assertion was ${JSON.stringify(value)?.slice(0, 200) ?? 'undefined'}, not true`;
  } catch (caught) {
    if (caught instanceof ExpressionError) return `body_assertion failed: ${caught.detail}`;
    throw caught;
  }
}

/** The scheduled check: nothing to do for an integration removed or disabled meanwhile. */
export async function runScheduledCheck(
  ctx: ServiceContext,
  integrationId: string,
  trigger: CheckTrigger,
): Promise<{ skipped: true } | { skipped: false; ok: boolean; alert: AlertTransition['state'] | null }> {
  let integration: IntegrationRow;
  try {
    integration = await findIntegration(ctx.db, ctx.orgId, integrationId);
  } catch {
    return { skipped: true };
  }
  if (!integration.enabled && trigger === 'schedule') return { skipped: true };
  const outcome = await performHealthCheck(ctx, integration, trigger);
  return { skipped: false, ok: outcome.check.ok, alert: outcome.alert?.state ?? null };
}
