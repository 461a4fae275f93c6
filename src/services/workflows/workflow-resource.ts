import type { workflowVersions } from '../../db/schema/index.js';
import type { WorkflowRow } from './find-workflow.js';

type VersionRow = typeof workflowVersions.$inferSelect;

/** The API shape of a workflow, shared by every route that returns one. */
export function toWorkflowResource(row: WorkflowRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    definition: row.definition,
    draft_revision: row.draftRevision,
    published_version: row.publishedVersion ?? null,
    tags: row.tags,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type WorkflowResource = ReturnType<typeof toWorkflowResource>;

/** A workflow with its published versions, newest first (the detail view). */
export function toWorkflowDetail(
  row: WorkflowRow,
  versions: Pick<VersionRow, 'version' | 'publishedAt' | 'publishedBy'>[],
) {
  return {
    ...toWorkflowResource(row),
    versions: versions.map((v) => ({
      version: v.version,
      published_at: v.publishedAt.toISOString(),
      published_by: v.publishedBy ?? null,
    })),
  };
}

export type WorkflowDetail = ReturnType<typeof toWorkflowDetail>;
