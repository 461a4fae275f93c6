import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type HealthCheckSpec,
  type IntegrationAuth,
  type IntegrationStatus,
  integrationAlerts,
  integrations,
} from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';

export type IntegrationRow = typeof integrations.$inferSelect;
export type IntegrationAlertRow = typeof integrationAlerts.$inferSelect;

/** What create and PUT take: the wire shape (snake_case), validated by the route's schema. */
export interface IntegrationInput {
  name: string;
  description?: string;
  base_url: string;
  auth?: IntegrationAuth;
  health_check: Partial<HealthCheckSpec>;
  interval_seconds?: number;
  failure_threshold?: number;
  enabled?: boolean;
}

export const DEFAULT_INTERVAL_SECONDS = 300;
export const DEFAULT_FAILURE_THRESHOLD = 3;

export interface AlertResource {
  id: string;
  integration_id: string;
  opened_at: string;
  failures: number;
  last_error: string | null;
  resolved_at: string | null;
}

export interface IntegrationResource {
  id: string;
  name: string;
  description: string;
  base_url: string;
  auth: IntegrationAuth;
  health_check: HealthCheckSpec;
  interval_seconds: number;
  failure_threshold: number;
  enabled: boolean;
  status: IntegrationStatus;
  consecutive_failures: number;
  last_checked_at: string | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export function toIntegrationResource(row: IntegrationRow): IntegrationResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    base_url: row.baseUrl,
    auth: row.auth ?? null,
    health_check: row.healthCheck,
    interval_seconds: row.intervalSeconds,
    failure_threshold: row.failureThreshold,
    enabled: row.enabled,
    status: row.status,
    consecutive_failures: row.consecutiveFailures,
    last_checked_at: row.lastCheckedAt?.toISOString() ?? null,
    last_latency_ms: row.lastLatencyMs,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toAlertResource(row: IntegrationAlertRow): AlertResource {
  return {
    id: row.id,
    integration_id: row.integrationId,
    opened_at: row.openedAt.toISOString(),
    failures: row.failures,
    last_error: row.lastError,
    resolved_at: row.resolvedAt?.toISOString() ?? null,
  };
}

/**
 * The organization's live (not removed) integration `id`, or 404: another organization's answers
 * the same. `forUpdate` locks it, so checks and edits of one integration take turns.
 */
export async function findIntegration(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IntegrationRow> {
  const query = db
    .select()
    .from(integrations)
    .where(inOrg(integrations, orgId, eq(integrations.id, id), isNull(integrations.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Integration');
  return row;
}

/** The integration's open alert, if one is open (at most one is). */
export async function findOpenAlert(
  db: Db,
  orgId: string,
  integrationId: string,
): Promise<IntegrationAlertRow | undefined> {
  const [row] = await db
    .select()
    .from(integrationAlerts)
    .where(
      inOrg(
        integrationAlerts,
        orgId,
        and(eq(integrationAlerts.integrationId, integrationId), isNull(integrationAlerts.resolvedAt)),
      ),
    )
    .limit(1);
  return row;
}
