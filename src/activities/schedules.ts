import { ApplicationFailure, Context } from '@temporalio/activity';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { executions, workflows, workflowVersions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { recordAudit } from '../services/audit/record-audit.js';
import { publishEvents } from '../services/events/publish.js';
import { recordScheduledFiring } from '../services/triggers/record-scheduled-firing.js';
import { validateInput } from '../services/workflows/validate-input.js';
import type { WorkflowDefinition } from '../workflows/definition/types.js';
import type { ExecutionInput } from '../workflows/execution-input.js';

export interface PrepareScheduledExecutionRequest {
  scheduleId: string;
  orgId: string;
  workflowId: string;
  input: Record<string, unknown>;
  /** The Temporal workflow id of this run (`exe_<scheduleId>-<nominal time>`), also the execution id. */
  executionId: string;
  startedAt: string;
}

export interface ScheduleActivities {
  prepareScheduledExecution(request: PrepareScheduledExecutionRequest): Promise<ExecutionInput>;
}

type ExecutionRow = typeof executions.$inferSelect;

/**
 * The database half of a scheduled run: Temporal started the run, this records it as an
 * execution (trigger `schedule`) of the newest published version and hands the interpreter its
 * input. A schedule outlives edits of its workflow, so the checks happen again on every run.
 */
export function createScheduleActivities(deps: { db: Db }): ScheduleActivities {
  return {
    async prepareScheduledExecution(request) {
      try {
        return await prepare(deps.db, request);
      } catch (error) {
        // A refusal is final (the run fails with it): the schedule's trigger records why.
        if (error instanceof ApplicationFailure && error.nonRetryable) {
          await recordScheduledFiring(deps.db, {
            orgId: request.orgId,
            scheduleId: request.scheduleId,
            executionId: null,
            error: { code: error.type ?? 'REFUSED', message: error.message },
          });
        }
        throw error;
      }
    },
  };
}

async function prepare(db: Db, request: PrepareScheduledExecutionRequest): Promise<ExecutionInput> {
  // A retried attempt finds the row the first attempt wrote, whatever happened to the workflow since.
  const existing = await findExecution(db, request.orgId, request.executionId);
  if (existing) return inputFor(existing, await loadDefinition(db, existing));

  const [workflow] = await db
    .select()
    .from(workflows)
    .where(
      inOrg(workflows, request.orgId, eq(workflows.id, request.workflowId), isNull(workflows.deletedAt)),
    );
  if (!workflow) {
    throw ApplicationFailure.nonRetryable(`Workflow ${request.workflowId} not found`, 'WORKFLOW_NOT_FOUND');
  }
  if (workflow.status === 'archived') {
    throw ApplicationFailure.nonRetryable(`Workflow ${request.workflowId} is archived`, 'WORKFLOW_ARCHIVED');
  }
  // The version a manual start would run now: a republished workflow runs its new version.
  const version = workflow.publishedVersion;
  if (version === null || version === undefined) {
    throw ApplicationFailure.nonRetryable(
      `Workflow ${request.workflowId} is not published`,
      'WORKFLOW_NOT_PUBLISHED',
    );
  }
  const definition = await loadDefinition(db, {
    orgId: request.orgId,
    workflowId: workflow.id,
    workflowVersion: version,
  });
  const checked = validateInput(definition, request.input);
  if (!checked.ok) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input for ${request.workflowId}: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      'INPUT_INVALID',
      { errors: checked.errors },
    );
  }

  const startedAt = new Date(request.startedAt);
  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(executions)
      .values({
        id: request.executionId,
        orgId: request.orgId,
        workflowId: workflow.id,
        workflowVersion: version,
        status: 'running',
        trigger: 'schedule',
        input: checked.value,
        temporalRunId: Context.current().info.workflowExecution?.runId ?? null,
        startedAt,
      })
      .onConflictDoNothing({ target: executions.id })
      .returning();
    if (!row) return undefined;
    await recordAudit(
      tx,
      { orgId: request.orgId, actor: { type: 'system', id: null }, requestId: null, ip: null },
      {
        action: 'execution.start',
        resourceType: 'execution',
        resourceId: row.id,
        details: {
          workflow_id: workflow.id,
          version,
          trigger: 'schedule',
          schedule_id: request.scheduleId,
        },
      },
    );
    return row;
  });
  if (!inserted) {
    // Two attempts racing (a timed-out attempt still running): the first row wins.
    const winner = await findExecution(db, request.orgId, request.executionId);
    if (winner) return inputFor(winner, await loadDefinition(db, winner));
    // The id belongs to another organization's row: never adopt it.
    throw ApplicationFailure.nonRetryable(
      `Execution id ${request.executionId} is taken`,
      'EXECUTION_ID_TAKEN',
    );
  }
  await publishEvents(db, [
    {
      type: 'execution.status_changed',
      orgId: request.orgId,
      data: {
        execution_id: inserted.id,
        workflow_id: workflow.id,
        status: 'running',
        at: startedAt.toISOString(),
      },
    },
  ]);
  await recordScheduledFiring(db, {
    orgId: request.orgId,
    scheduleId: request.scheduleId,
    executionId: inserted.id,
    at: startedAt,
  });
  return inputFor(inserted, definition);
}

async function findExecution(db: Db, orgId: string, id: string): Promise<ExecutionRow | undefined> {
  const [row] = await db
    .select()
    .from(executions)
    .where(and(inOrg(executions, orgId), eq(executions.id, id)));
  return row;
}

async function loadDefinition(
  db: Db,
  of: Pick<ExecutionRow, 'orgId' | 'workflowId' | 'workflowVersion'>,
): Promise<WorkflowDefinition> {
  const [snapshot] = await db
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        of.orgId,
        eq(workflowVersions.workflowId, of.workflowId),
        eq(workflowVersions.version, of.workflowVersion),
      ),
    );
  if (!snapshot) {
    throw ApplicationFailure.nonRetryable(
      `Version ${of.workflowVersion} of workflow ${of.workflowId} is not published`,
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
