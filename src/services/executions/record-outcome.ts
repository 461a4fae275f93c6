import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { executionLogs, executions, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { storableJsonText } from '../../lib/storable-text.js';
import type { ExecutionOutcome } from '../../workflows/execution-input.js';
import { EVENTS_CHANNEL, eventPayload } from '../events/publish.js';
import type { EventKind } from '../triggers/config.js';
import { listeningTo } from '../triggers/fire-event-triggers.js';

/** The execution's workflow when an earlier attempt already recorded this same outcome. */
export async function findOutcomeWorkflow(db: Db, outcome: ExecutionOutcome): Promise<string | null> {
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
export async function recordOutcome(
  db: Db,
  { outcome, kind }: { outcome: ExecutionOutcome; kind: EventKind | undefined },
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
