import { WorkflowNotFoundError } from '@temporalio/client';
import { notFound } from '../../lib/errors.js';
import { hasIdShape, newId } from '../../lib/ids.js';
import { ConveyorOrgId } from '../../temporal/search-attributes.js';
import { WORKFLOW_TYPES } from '../../temporal/task-queues.js';
import type { PingInput, PingResult } from '../../workflows/ping.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';

export interface PingRun {
  id: string;
  run_id: string;
  status: string;
  result: PingResult | null;
}

/**
 * Starts the ping workflow for the caller's organization and waits a bounded time for its answer.
 * The audit row and the start share a transaction: if Temporal refuses the start, no row remains.
 */
export async function startPing(
  ctx: ServiceContext,
  request: PingInput & { waitMs: number },
): Promise<PingRun> {
  const { waitMs, ...input } = request;
  requirePermission(ctx, 'system:ping');
  const id = newId('png');
  const handle = await ctx.db.transaction(async (tx) => {
    await recordAudit(tx, ctx, { action: 'system.ping', resourceType: 'ping', resourceId: id });
    return ctx.temporal.client.workflow.start(WORKFLOW_TYPES.ping, {
      workflowId: id,
      taskQueue: ctx.temporal.taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: ConveyorOrgId, value: ctx.orgId }],
      workflowExecutionTimeout: '5 minutes',
    });
  });
  // The wait also ends the result's long poll: left running, every unanswered ping would keep a
  // poll open in this process until its run ends (and retry it against a closed client at shutdown).
  const waited = new AbortController();
  const timer = setTimeout(() => waited.abort(), waitMs).unref();
  let result: PingResult | null;
  try {
    result = (await ctx.temporal.client.withAbortSignal(waited.signal, () => handle.result())) as PingResult;
  } catch (error) {
    if (!waited.signal.aborted) throw error;
    result = null;
  } finally {
    clearTimeout(timer);
  }
  return { id, run_id: handle.firstExecutionRunId, status: result ? 'completed' : 'running', result };
}

/** A ping run of the caller's organization; another organization's run is reported as missing. */
export async function getPing(ctx: ServiceContext, id: string): Promise<PingRun> {
  requirePermission(ctx, 'system:ping');
  if (!hasIdShape(id, 'png')) throw notFound('Ping');
  const handle = ctx.temporal.client.workflow.getHandle(id);
  let description: Awaited<ReturnType<typeof handle.describe>>;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw notFound('Ping');
    throw error;
  }
  if (description.typedSearchAttributes.get(ConveyorOrgId) !== ctx.orgId) throw notFound('Ping');
  const status = description.status.name.toLowerCase();
  const result = status === 'completed' ? ((await handle.result()) as PingResult) : null;
  return { id, run_id: description.runId, status, result };
}
