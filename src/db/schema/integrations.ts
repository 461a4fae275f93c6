import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

export const INTEGRATION_STATUSES = ['unknown', 'healthy', 'failing'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export const HEALTH_CHECK_METHODS = ['GET', 'HEAD', 'POST'] as const;
export type HealthCheckMethod = (typeof HEALTH_CHECK_METHODS)[number];

export const CHECK_TRIGGERS = ['schedule', 'manual', 'all'] as const;
export type CheckTrigger = (typeof CHECK_TRIGGERS)[number];

/** How an integration authenticates: a credential or a connected app of the organization, by name. */
export type IntegrationAuth = { credential: string } | { connected_app: string } | null;

export interface HealthCheckSpec {
  path: string;
  method: HealthCheckMethod;
  expected_status: number[];
  /** A JSONata expression over the parsed body; true is healthy. */
  body_assertion: string | null;
  timeout_seconds: number;
}

/**
 * An outside API the organization depends on, checked periodically by a Temporal Schedule of the
 * same id-derived name (services/integrations/integration-schedule.ts). The health state here is
 * what the last checks concluded; each check is a row of `integration_checks`.
 */
export const integrations = pgTable(
  'integrations',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    baseUrl: text('base_url').notNull(),
    auth: jsonb('auth').$type<IntegrationAuth>(),
    healthCheck: jsonb('health_check').$type<HealthCheckSpec>().notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    failureThreshold: integer('failure_threshold').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    status: text('status', { enum: INTEGRATION_STATUSES }).notNull().default('unknown'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastLatencyMs: integer('last_latency_ms'),
    lastError: text('last_error'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('integrations_org_idx').on(t.orgId, t.createdAt.desc())],
);

/** One health check of an integration: what it answered and whether that counted as healthy. */
export const integrationChecks = pgTable(
  'integration_checks',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    integrationId: text('integration_id')
      .notNull()
      .references(() => integrations.id),
    ok: boolean('ok').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms'),
    error: text('error'),
    trigger: text('trigger', { enum: CHECK_TRIGGERS }).notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('integration_checks_org_integration_idx').on(t.orgId, t.integrationId, t.checkedAt.desc())],
);

/** An alert: opened when consecutive failures reach the threshold, resolved by the next success. */
export const integrationAlerts = pgTable(
  'integration_alerts',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    integrationId: text('integration_id')
      .notNull()
      .references(() => integrations.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    failures: integer('failures').notNull(),
    lastError: text('last_error'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('integration_alerts_org_open_idx').on(t.orgId, t.integrationId).where(sql`${t.resolvedAt} is null`),
  ],
);
