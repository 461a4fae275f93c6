import { ApplicationFailure, Context } from '@temporalio/activity';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { executions, workflows, workflowVersions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { newId } from '../lib/ids.js';
import { recordAudit } from '../services/audit/record-audit.js';
import { publishEvents } from '../services/events/publish.js';
import { validateInput } from '../services/workflows/validate-input.js';
import type { WorkflowDefinition } from '../workflows/definition/types.js';
import type { ExecutionInput } from '../workflows/execution-input.js';

export interface ChildExecutionRequest {
  orgId: string;
  parentExecutionId: string;
  /** The child's definition: a published workflow of the parent's organization. */
  workflowId: string;
  version?: number;
  input: Record<string, unknown>;
  /** The `sub_workflow` step's path in the parent run (`loop[2].child`). */
  path: string;
}

export interface SubWorkflowActivities {
  prepareChildExecution(request: ChildExecutionRequest): Promise<ExecutionInput>;
}

type ExecutionRow = typeof executions.$inferSelect;

/**
 * The database half of a `sub_workflow` step: checks the child definition and its input, and
 * records the child's execution row (trigger `sub_workflow`), whose id the workflow then starts as
 * a Temporal child. Idempotent: a retried attempt finds the row the first attempt wrote.
 */
export function createSubWorkflowActivities(deps: { db: Db }): SubWorkflowActivities {
  return {
    async prepareChildExecution(request) {
      const { info } = Context.current();
      // Parent + path names the step; run id + activity id name this one pass of it (a goto loop
      // or a continued run runs the same path again and must get a new child). Stable across retries.
      const key = `sub_workflow:${request.parentExecutionId}/${request.path}#${info.workflowExecution?.runId}:${info.activityId}`;
      const existing = await findByKey(deps.db, request.orgId, key);
      if (existing) {
        const definition = await loadVersion(
          deps.db,
          request.orgId,
          existing.workflowId,
          existing.workflowVersion,
        );
        return inputFor(existing, definition);
      }

      const [workflow] = await deps.db
        .select()
        .from(workflows)
        .where(
          inOrg(workflows, request.orgId, eq(workflows.id, request.workflowId), isNull(workflows.deletedAt)),
        );
      if (!workflow) {
        throw ApplicationFailure.nonRetryable(
          `Workflow ${request.workflowId} not found`,
          'WORKFLOW_NOT_FOUND',
        );
      }
      const version = request.version ?? workflow.publishedVersion;
      if (workflow.status === 'archived' || version === null || version === undefined) {
        throw ApplicationFailure.nonRetryable(
          `Workflow ${request.workflowId} is ${workflow.status === 'archived' ? 'archived' : 'not published'}`,
          'WORKFLOW_NOT_PUBLISHED',
        );
      }
      const definition = await loadVersion(deps.db, request.orgId, workflow.id, version);
      const checked = validateInput(definition, request.input);
      if (!checked.ok) {
        throw ApplicationFailure.nonRetryable(
          `Invalid input for ${request.workflowId}: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
          'INPUT_INVALID',
          { errors: checked.errors },
        );
      }
      const [parent] = await deps.db
        .select({ startedBy: executions.startedBy })
        .from(executions)
        .where(inOrg(executions, request.orgId, eq(executions.id, request.parentExecutionId)));

      const id = newId('exe');
      const startedAt = new Date();
      try {
        const row = await deps.db.transaction(async (tx) => {
          const [inserted] = await tx
            .insert(executions)
            .values({
              id,
              orgId: request.orgId,
              workflowId: workflow.id,
              workflowVersion: version,
              status: 'running',
              trigger: 'sub_workflow',
              input: checked.value,
              idempotencyKey: key,
              startedBy: parent?.startedBy ?? null,
              startedAt,
            })
            .returning();
          await recordAudit(
            tx,
            { orgId: request.orgId, actor: { type: 'system', id: null }, requestId: null, ip: null },
            {
              action: 'execution.start',
              resourceType: 'execution',
              resourceId: id,
              details: {
                workflow_id: workflow.id,
                version,
                trigger: 'sub_workflow',
                parent_execution_id: request.parentExecutionId,
                parent_step: request.path,
              },
            },
          );
          return inserted as ExecutionRow;
        });
        await publishEvents(deps.db, [
          {
            type: 'execution.status_changed',
            orgId: request.orgId,
            data: {
              execution_id: id,
              workflow_id: workflow.id,
              status: 'running',
              at: startedAt.toISOString(),
            },
          },
        ]);
        return inputFor(row, definition);
      } catch (error) {
        // Two attempts racing (a timed-out attempt still running): the first row wins.
        const winner = isUniqueViolation(error) ? await findByKey(deps.db, request.orgId, key) : undefined;
        if (winner) return inputFor(winner, definition);
        throw error;
      }
    },
  };
}

async function findByKey(db: Db, orgId: string, key: string): Promise<ExecutionRow | undefined> {
  const [row] = await db
    .select()
    .from(executions)
    .where(and(inOrg(executions, orgId), eq(executions.idempotencyKey, key)));
  return row;
}

async function loadVersion(
  db: Db,
  orgId: string,
  workflowId: string,
  version: number,
): Promise<WorkflowDefinition> {
  const [snapshot] = await db
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        orgId,
        eq(workflowVersions.workflowId, workflowId),
        eq(workflowVersions.version, version),
      ),
    );
  if (!snapshot) {
    throw ApplicationFailure.nonRetryable(
      `Version ${version} of workflow ${workflowId} is not published`,
      'WORKFLOW_NOT_PUBLISHED',
    );
  }
  return snapshot.definition as unknown as WorkflowDefinition;
}

function inputFor(row: ExecutionRow, definition: WorkflowDefinition): ExecutionInput {
  return {
    executionId: row.id,
    orgId: row.orgId,
    workflowId: row.workflowId,
    version: row.workflowVersion,
    definition,
    input: row.input,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
  };
}
