import { expect } from 'vitest';
import type { Account, FaultStack } from './fault-stack.js';

/** Creates and publishes a workflow through the API; returns its id. */
export async function publishWorkflow(
  stack: FaultStack,
  account: Account,
  definition: unknown,
  name: string,
) {
  const created = await stack.http<{ id: string }>('POST', '/api/v1/workflows', {
    token: account.token,
    body: { name, definition },
  });
  if (created.status !== 201)
    throw new Error(`create workflow: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await stack.http('POST', `/api/v1/workflows/${created.body.id}/publish`, {
    token: account.token,
  });
  if (published.status !== 200) {
    throw new Error(`publish workflow: ${published.status} ${JSON.stringify(published.body)}`);
  }
  return created.body.id;
}

export interface Started {
  execution_id: string;
  created: boolean;
}

export async function execute(
  stack: FaultStack,
  account: Account,
  workflowId: string,
  options: { input?: Record<string, unknown>; idempotencyKey?: string } = {},
) {
  return stack.http<Started>('POST', `/api/v1/workflows/${workflowId}/execute`, {
    token: account.token,
    body: { input: options.input ?? {} },
    headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
  });
}

export async function executeOrThrow(
  stack: FaultStack,
  account: Account,
  workflowId: string,
  options: { input?: Record<string, unknown>; idempotencyKey?: string } = {},
) {
  const answer = await execute(stack, account, workflowId, options);
  if (answer.status !== 202) throw new Error(`execute: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.execution_id;
}

/** Runs of one organization by Temporal status, from Temporal's visibility store. */
export async function runsByStatus(stack: FaultStack, orgId: string): Promise<Record<string, number>> {
  const counted = await stack.temporal.client.workflow.count(
    `ConveyorOrgId = '${orgId}' GROUP BY ExecutionStatus`,
  );
  const byStatus: Record<string, number> = {};
  for (const group of counted.groups) byStatus[String(group.groupValues[0])] = group.count;
  return byStatus;
}

/**
 * The closing check of every scenario: in Temporal's own records, the organization has exactly
 * `started` runs, all completed; none failed, was terminated, timed out, was cancelled or still
 * runs. Visibility is eventually consistent, so it is polled until it settles.
 */
export async function expectAllRunsCompleted(
  stack: FaultStack,
  orgId: string,
  started: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let counts: Record<string, number> = {};
  for (;;) {
    counts = await runsByStatus(stack, orgId).catch(() => counts);
    const settled = (counts.Running ?? 0) === 0 && (counts.Completed ?? 0) >= started;
    if (settled || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(counts).toEqual({ Completed: started });
}

/** Waits for Temporal to close the run and returns its status name. */
export async function temporalOutcome(stack: FaultStack, executionId: string, timeoutMs = 120_000) {
  const handle = stack.temporal.client.workflow.getHandle(executionId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle
      .describe()
      .then((d) => d.status.name)
      .catch(() => 'UNREACHABLE');
    if ((status !== 'RUNNING' && status !== 'UNREACHABLE') || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Polls the API until the execution's read-model status is no longer `running`. */
export async function apiOutcome(
  stack: FaultStack,
  account: Account,
  executionId: string,
  timeoutMs = 120_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await stack
      .http('GET', `/api/v1/executions/${executionId}`, { token: account.token })
      .catch(() => undefined);
    if (answer?.status === 200 && answer.body.status !== 'running') return answer.body;
    if (Date.now() > deadline) {
      throw new Error(`execution ${executionId} not finished in the API: ${JSON.stringify(answer?.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
