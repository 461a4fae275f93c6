import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

/**
 * A workflow and its current draft. Editing changes the draft only; publishing freezes the draft
 * into an immutable numbered row of `workflow_versions`, which is what executions run.
 */
export const workflows = pgTable(
  'workflows',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: ['draft', 'published', 'archived'] })
      .notNull()
      .default('draft'),
    /** The editable definition (JSON, validated against the definition schema on every write). */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    /** Bumped on every edit; clients send it back to avoid overwriting each other (optimistic lock). */
    draftRevision: integer('draft_revision').notNull().default(1),
    /** The newest published version number, null until the first publish. */
    publishedVersion: integer('published_version'),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Field → variable mappings for triggers and callers (Workflow Variables API). */
    variableMappings: jsonb('variable_mappings')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('workflows_org_idx').on(t.orgId, t.createdAt.desc(), t.id.desc())],
);

export const workflowVersions = pgTable(
  'workflow_versions',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('workflow_versions_workflow_version_key').on(t.workflowId, t.version),
    index('workflow_versions_org_idx').on(t.orgId, t.workflowId),
  ],
);
