// Temporal history helpers for engine tests: what the server recorded, by event type name.
import proto from '@temporalio/proto';
import type { TestApp } from '../harness/app.js';

const { EventType } = proto.temporal.api.enums.v1;

/** Event type names of a run's history, without the prefix: `TIMER_STARTED`, `ACTIVITY_TASK_SCHEDULED`. */
export async function eventTypesOf(t: TestApp, workflowId: string, runId?: string): Promise<string[]> {
  const history = await t.deps.temporal.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((event) =>
    String(EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, ''),
  );
}

/** Polls the history until an event of this type appears (the run reached that point). */
export async function waitForEvent(t: TestApp, workflowId: string, type: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await eventTypesOf(t, workflowId)).includes(type)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${workflowId}: no ${type} event after ${timeoutMs} ms`);
}

/** The runs of a continue-as-new chain from its first run, each with its status as Temporal describes it. */
export async function runChainOf(t: TestApp, workflowId: string, firstRunId: string) {
  const chain: { runId: string; status: string }[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const handle = t.deps.temporal.client.workflow.getHandle(workflowId, runId);
    chain.push({ runId, status: (await handle.describe()).status.name });
    runId = await continuedAs(t, workflowId, runId);
  }
  return chain;
}

async function continuedAs(t: TestApp, workflowId: string, runId: string): Promise<string | undefined> {
  const history = await t.deps.temporal.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const last = history.events?.at(-1);
  return last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
}
