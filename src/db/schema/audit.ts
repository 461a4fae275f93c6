import { sql } from 'drizzle-orm';
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, jsonb, orgIdColumn } from './columns.js';
import { organizations } from './tenancy.js';

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    actorType: text('actor_type', { enum: ['user', 'robot', 'system', 'api_key'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    requestId: text('request_id'),
    /** The client's own X-Request-Id, kept apart from ours (request_id), which a client never chooses. */
    clientRequestId: text('client_request_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('audit_logs_org_resource_idx').on(t.orgId, t.resourceType, t.resourceId),
  ],
);
