import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { executionLogs, executions, triggers } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { unavailableDependency } from '../lib/dependency-errors.js';
import { storableJsonText } from '../lib/storable-text.js';
import type { Platform } from '../services/context.js';
import { EVENTS_CHANNEL, eventPayload } from '../services/events/publish.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import type { EventKind } from '../services/triggers/config.js';
import { fireEventTriggers, listeningTo } from '../services/triggers/fire-event-triggers.js';
import type { ExecutionOutcome } from '../workflows/execution-input.js';

export interface ReadModelActivities {
  recordExecutionOutcome(outcome: ExecutionOutcome): Promise<void>;
}

/**
 * The run's final status, written durably (a local activity: retried until it lands, recorded in
 * history) after the buffered step events, so the record never says "completed" before its steps.
 * Once it is committed, event triggers listening for the outcome start their runs.
 */
export function createReadModelActivities({
  platform,
  writer,
}: {
  platform: Platform;
  writer: ReadModelWriter;
}): ReadModelActivities {
  const deps = { ...platform, writer };
  return {
    async recordExecutionOutcome(outcome) {
      await deps.writer.flush();
      const kind = eventKindOf(outcome);
      const recorded = await recordOutcome(deps.db, outcome, kind).catch((error: unknown) => {
        // Unreachable: retried. Refused (what the run produced cannot be stored): the outcome
        // lands without it rather than leaving the run `running` while this retries forever.
        if (unavailableDependency(error)) throw error;
        deps.logger.warn(
          { err: error, execution_id: outcome.executionId },
          'outcome stored without its data',
        );
        return recordOutcome(deps.db, outcomeWithoutData(outcome), kind);
      });
      if (!kind || recorded?.listened === false) return;
      // A retry after the outcome was committed fires again; the triggers' idempotency keys make that safe.
      const workflowId = recorded?.workflowId ?? (await recordedWorkflow(deps.db, outcome));
      if (workflowId) {
        await fireEventTriggers(platform, {
          orgId: outcome.orgId,
          kind,
          workflowId,
          executionId: outcome.executionId,
          data: { status: outcome.status, output: outcome.output ?? null, error: outcome.error ?? null },
        });
      }
    },
  };
}

/** The outcome as it is stored when the database refused its output or error. */
function outcomeWithoutData(outcome: ExecutionOutcome): ExecutionOutcome {
  return {
    ...outcome,
    output: null,
    error: {
      code: outcome.error?.code ?? 'OUTPUT_NOT_STORED',
      message: "The database refused this run's output or error; see the run in Temporal for them",
      step_id: outcome.error?.step_id ?? null,
    },
  };
}

/** The event an outcome is to event triggers, if any (a cancelled run is none). */
function eventKindOf(outcome: ExecutionOutcome): EventKind | undefined {
  if (outcome.status === 'completed') return 'execution.completed';
  if (outcome.status === 'failed') return 'execution.failed';
  return undefined;
}

/** The execution's workflow when an earlier attempt already recorded this same outcome. */
async function recordedWorkflow(db: Db, outcome: ExecutionOutcome): Promise<string | null> {
  const [row] = await db
    .select({ workflowId: executions.workflowId, status: executions.status })
    .from(executions)
    .where(inOrg(executions, outcome.orgId, eq(executions.id, outcome.executionId)));
  return row?.status === outcome.status ? row.workflowId : null;
}

/**
 * Closes the execution if it is still running, logs how it ended and announces it, in one
 * statement (no transaction round trips: this runs once per run, on the worker's hot path). The
 * same statement asks whether any event trigger listens for `kind`, so a run nobody listens to
 * costs no second read. Returns the execution's workflow, or null when the record was closed already.
 */
async function recordOutcome(
  db: Db,
  outcome: ExecutionOutcome,
  kind: EventKind | undefined,
): Promise<{ workflowId: string; listened: boolean } | null> {
  const finishedAt = new Date();
  const closed = db.$with('closed').as(
    db
      .update(executions)
      .set({
        status: outcome.status,
        output: outcome.output ?? null,
        error: outcome.error ?? null,
        finishedAt,
        updatedAt: finishedAt,
      })
      .where(
        inOrg(
          executions,
          outcome.orgId,
          eq(executions.id, outcome.executionId),
          eq(executions.status, 'running'),
        ),
      )
      .returning({ workflowId: executions.workflowId }),
  );
  const logged = db.$with('logged').as(
    db
      .insert(executionLogs)
      .select(
        db
          .select({
            // Every column, in the table's order (drizzle's rule for INSERT … SELECT); the id is its serial's.
            id: sql<number>`nextval(pg_get_serial_sequence('execution_logs', 'id'))`.as('id'),
            orgId: sql`${outcome.orgId}`.as('org_id'),
            executionId: sql`${outcome.executionId}`.as('execution_id'),
            level: sql`${outcome.status === 'failed' ? 'error' : 'info'}`.as('level'),
            stepId: sql`${outcome.error?.step_id ?? null}`.as('step_id'),
            message: sql`${`Execution ${outcome.status}`}`.as('message'),
            data: sql`${outcome.error ? storableJsonText(outcome.error) : null}::jsonb`.as('data'),
            at: sql`${finishedAt.toISOString()}::timestamptz`.as('at'),
          })
          .from(closed),
      )
      .returning({ id: executionLogs.id }),
  );
  // The event names the workflow, which only the closed row knows: it is set into the payload in SQL.
  const payload = eventPayload({
    type: 'execution.status_changed',
    orgId: outcome.orgId,
    data: {
      execution_id: outcome.executionId,
      workflow_id: null,
      status: outcome.status,
      error: outcome.error ?? null,
      at: finishedAt.toISOString(),
    },
  });
  const listened = kind
    ? sql<boolean>`exists (select 1 from ${triggers} where ${listeningTo(outcome.orgId, sql`${closed.workflowId}`, kind)})`
    : sql<boolean>`false`;
  const [row] = await db
    .with(closed, logged)
    .select({
      workflowId: closed.workflowId,
      listened,
      announced: sql`pg_notify(${EVENTS_CHANNEL}, jsonb_set(${payload}::jsonb, '{data,workflow_id}', to_jsonb(${closed.workflowId}))::text)`,
    })
    .from(closed);
  return row ? { workflowId: row.workflowId, listened: row.listened } : null;
}
