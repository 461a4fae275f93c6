import { inArray } from 'drizzle-orm';
import {
  aiRuns,
  auditLogs,
  connectedApps,
  executions,
  integrations,
  notifications,
  schedules,
  webhookDeliveries,
} from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { cancelEscalationId } from '../../workflows/cancel-escalation-input.js';
import type { ServiceContext } from '../context.js';
import { INTEGRATION_HEALTH_RUN } from '../integrations/integration-schedule.js';

const CANCEL_ESCALATION_PREFIX = cancelEscalationId('');
/** A connected app's token workflow (`connected-app-token:<appId>`) or one of its syncs (`connected-app-sync:<appId>:<n>`). */
const CONNECTED_APP_RUN = /^connected-app-(?:token|sync):(capp_[^:]+)/;
/** An /ai/status check: `ai-status:<orgId>:<period>`, the organization named in the id. */
const AI_STATUS_RUN = /^ai-status:(org_[^:]+):\d+$/;
/** A scheduled run's id: `exe_<scheduleId>`, to which Temporal appends `-<nominal time>`. */
const SCHEDULED_RUN = /^exe_(sch_[^-]+)/;

/**
 * Which of these Temporal workflow ids belong to the caller's organization, by the shapes our
 * workflow ids take: an execution's id (API, trigger, retry, sub-workflow and scheduled runs all
 * record one), `cancel-escalation:<executionId>`, a scheduled run not recorded yet (its schedule's),
 * a ping (its audit row), a connected app's token and sync workflows (the app's), an /ai/* run
 * (`air_…`, its ai_runs row), a notification's delivery (`ntf_…`, its row), an integration's health
 * check (`integration-health:<integrationId>-<time>`, the integration's), an outbound webhook delivery
 * (`whd_…`, its webhook_deliveries row) and an /ai/status check (the organization in its id). Every lookup is
 * in the caller's organization only: an id of another
 * organization, or of no shape we know, is simply not in the answer.
 */
export async function workflowIdsOwnedBy(
  ctx: ServiceContext,
  workflowIds: Iterable<string>,
): Promise<Set<string>> {
  const asked = [...new Set(workflowIds)].filter((id) => id.length > 0);
  const executionOf = new Map<string, string>();
  const scheduleOf = new Map<string, string>();
  const pings: string[] = [];
  const appOf = new Map<string, string>();
  const aiRunIds: string[] = [];
  const notificationIds: string[] = [];
  const deliveryIds: string[] = [];
  const ownStatusChecks = new Set<string>();
  const integrationOf = new Map<string, string>();
  for (const id of asked) {
    if (id.startsWith('air_')) aiRunIds.push(id);
    if (id.startsWith('ntf_')) notificationIds.push(id);
    if (id.startsWith('whd_')) deliveryIds.push(id);
    if (AI_STATUS_RUN.exec(id)?.[1] === ctx.orgId) ownStatusChecks.add(id);
    const app = CONNECTED_APP_RUN.exec(id)?.[1];
    if (app) appOf.set(id, app);
    const integration = INTEGRATION_HEALTH_RUN.exec(id)?.[1];
    if (integration) integrationOf.set(id, integration);
    const execution = id.startsWith(CANCEL_ESCALATION_PREFIX)
      ? id.slice(CANCEL_ESCALATION_PREFIX.length)
      : id;
    if (execution.startsWith('exe_')) executionOf.set(id, execution);
    const scheduled = SCHEDULED_RUN.exec(execution)?.[1];
    if (scheduled) scheduleOf.set(id, scheduled);
    if (id.startsWith('png_')) pings.push(id);
  }
  const [
    ownExecutions,
    ownSchedules,
    ownPings,
    ownApps,
    ownAiRuns,
    ownNotifications,
    ownIntegrations,
    ownDeliveries,
  ] = await Promise.all([
    idsIn(ctx, 'executions', [...new Set(executionOf.values())]),
    idsIn(ctx, 'schedules', [...new Set(scheduleOf.values())]),
    idsIn(ctx, 'pings', pings),
    idsIn(ctx, 'connected_apps', [...new Set(appOf.values())]),
    idsIn(ctx, 'ai_runs', aiRunIds),
    idsIn(ctx, 'notifications', notificationIds),
    idsIn(ctx, 'integrations', [...new Set(integrationOf.values())]),
    idsIn(ctx, 'webhook_deliveries', deliveryIds),
  ]);
  return new Set(
    asked.filter(
      (id) =>
        ownExecutions.has(executionOf.get(id) ?? '') ||
        ownSchedules.has(scheduleOf.get(id) ?? '') ||
        ownPings.has(id) ||
        ownApps.has(appOf.get(id) ?? '') ||
        ownAiRuns.has(id) ||
        ownNotifications.has(id) ||
        ownIntegrations.has(integrationOf.get(id) ?? '') ||
        ownDeliveries.has(id) ||
        ownStatusChecks.has(id),
    ),
  );
}

async function idsIn(
  ctx: ServiceContext,
  kind:
    | 'executions'
    | 'schedules'
    | 'pings'
    | 'connected_apps'
    | 'ai_runs'
    | 'notifications'
    | 'integrations'
    | 'webhook_deliveries',
  ids: string[],
) {
  if (ids.length === 0) return new Set<string>();
  if (kind === 'webhook_deliveries') {
    const rows = await ctx.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(inOrg(webhookDeliveries, ctx.orgId, inArray(webhookDeliveries.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'integrations') {
    const rows = await ctx.db
      .select({ id: integrations.id })
      .from(integrations)
      .where(inOrg(integrations, ctx.orgId, inArray(integrations.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'notifications') {
    const rows = await ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(inOrg(notifications, ctx.orgId, inArray(notifications.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'ai_runs') {
    const rows = await ctx.db
      .select({ id: aiRuns.id })
      .from(aiRuns)
      .where(inOrg(aiRuns, ctx.orgId, inArray(aiRuns.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'connected_apps') {
    const rows = await ctx.db
      .select({ id: connectedApps.id })
      .from(connectedApps)
      .where(inOrg(connectedApps, ctx.orgId, inArray(connectedApps.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'executions') {
    const rows = await ctx.db
      .select({ id: executions.id })
      .from(executions)
      .where(inOrg(executions, ctx.orgId, inArray(executions.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  if (kind === 'schedules') {
    const rows = await ctx.db
      .select({ id: schedules.id })
      .from(schedules)
      .where(inOrg(schedules, ctx.orgId, inArray(schedules.id, ids)));
    return new Set(rows.map((row) => row.id));
  }
  // A ping records nothing but its audit row.
  const rows = await ctx.db
    .select({ id: auditLogs.resourceId })
    .from(auditLogs)
    .where(inOrg(auditLogs, ctx.orgId, inArray(auditLogs.resourceId, ids)));
  return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
}
