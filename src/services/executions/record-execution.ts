import { eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { type ExecutionTrigger, executions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { derivedId, newId } from '../../lib/ids.js';
import { auditInsert } from '../audit/record-audit.js';
import type { ServiceContext } from '../context.js';
import { type LiveEvent, notifyExpression } from '../events/publish.js';
import type { RunnableTarget } from './runnable-target.js';

export type ExecutionRow = typeof executions.$inferSelect;

/** Who records the run: the audit row's actor (a person, an API key, or Conveyor itself). */
export type RecordingContext = Pick<
  ServiceContext,
  'db' | 'orgId' | 'actor' | 'requestId' | 'clientRequestId' | 'ip'
>;

export interface ExecutionRecordRequest {
  target: RunnableTarget;
  trigger: ExecutionTrigger;
  /** The execution id when the caller fixed it (a scheduled run's Temporal workflow id). */
  id?: string;
  /** Makes recording repeat-safe; without `id`, the id is derived from it. */
  idempotencyKey?: string;
  retryOf?: string;
  startedBy: string | null;
  startedAt?: Date;
  /** The Temporal run, when Temporal started it before it was recorded (a scheduled run). */
  temporalRunId?: string | null;
  /** What the `execution.start` audit row says besides the workflow, version and trigger. */
  auditDetails?: Record<string, unknown>;
  /**
   * `now`: the run is announced as running in the statement that records it (Temporal runs it
   * already, or the caller's workflow starts it next). `with-run-id`: the caller starts the run
   * and announces it with its run id (launchExecution), so a start Temporal refuses is never
   * announced as running.
   */
  announce: 'now' | 'with-run-id';
}

/** Another organization's execution holds the id: it is never adopted. */
export class ExecutionIdTakenError extends Error {
  constructor(
    readonly executionId: string,
    options?: ErrorOptions,
  ) {
    super(`Execution id ${executionId} is taken`, options);
    this.name = 'ExecutionIdTakenError';
  }
}

/**
 * THE way to record a run of a workflow: the API start, schedules, sub-workflows, triggers and
 * retries (through launchExecution), and later agents and job flows. Inserts the execution row and
 * its `execution.start` audit row in one statement, so both commit or neither in one round trip,
 * and announces the run (`execution.status_changed`, running) as `announce` says. Repeat-safe: when
 * the id or the idempotency key is taken in the organization (a retried attempt, two requests
 * racing), the first row wins and is returned with `created: false`. The caller checked the
 * target (loadRunnableTarget), the permission and the running quota.
 */
export async function recordExecution(
  ctx: RecordingContext,
  request: ExecutionRecordRequest,
): Promise<{ execution: ExecutionRow; created: boolean }> {
  const key = request.idempotencyKey;
  const id = request.id ?? (key ? derivedId('exe', ctx.orgId, key) : newId('exe'));
  const startedAt = request.startedAt ?? new Date();
  const { target, trigger } = request;
  const audit = ctx.db.$with('audit').as(
    auditInsert(ctx.db, ctx, {
      action: 'execution.start',
      resourceType: 'execution',
      resourceId: id,
      details: { workflow_id: target.workflowId, version: target.version, trigger, ...request.auditDetails },
    }),
  );
  const announced =
    request.announce === 'now'
      ? notifyExpression(runningEvent({ id, orgId: ctx.orgId, workflowId: target.workflowId, startedAt }))
      : undefined;
  try {
    const [inserted] = await ctx.db
      .with(audit)
      .insert(executions)
      .values({
        id,
        orgId: ctx.orgId,
        workflowId: target.workflowId,
        workflowVersion: target.version,
        status: 'running',
        trigger,
        input: target.input,
        idempotencyKey: key ?? null,
        retryOf: request.retryOf ?? null,
        temporalRunId: request.temporalRunId ?? null,
        startedBy: request.startedBy,
        startedAt,
      })
      .returning({ ...getTableColumns(executions), ...(announced ? { announced } : {}) });
    const { announced: _announced, ...execution } = inserted as ExecutionRow & { announced?: unknown };
    return { execution, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two attempts racing, or a retry of one that committed: the first row wins.
    const winner = await findRecorded(ctx.db, ctx.orgId, key ? { idempotencyKey: key } : { id });
    if (winner) return { execution: winner, created: false };
    throw new ExecutionIdTakenError(id, { cause: error });
  }
}

/** The execution an id or an idempotency key names in the organization, if any. */
export async function findRecorded(
  db: Db,
  orgId: string,
  by: { id: string } | { idempotencyKey: string },
): Promise<ExecutionRow | undefined> {
  const match = 'id' in by ? eq(executions.id, by.id) : eq(executions.idempotencyKey, by.idempotencyKey);
  const [row] = await db
    .select()
    .from(executions)
    .where(inOrg(executions, orgId, match));
  return row;
}

/** What the organization's sockets hear when a newly recorded run is running. */
export function runningEvent(
  row: Pick<ExecutionRow, 'id' | 'orgId' | 'workflowId' | 'startedAt'>,
): LiveEvent {
  return {
    type: 'execution.status_changed',
    orgId: row.orgId,
    data: {
      execution_id: row.id,
      workflow_id: row.workflowId,
      status: 'running',
      at: row.startedAt.toISOString(),
    },
  };
}
