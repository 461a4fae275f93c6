import { eq } from 'drizzle-orm';
import {
  executionLogs,
  executionSteps,
  executions,
  workflows,
  workflowVersions,
} from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { launchExecution } from '../../src/services/executions/launch-execution.js';
import { validateDefinition } from '../../src/services/workflows/validate-definition.js';
import type { TestApp } from './app.js';
import { userContextFor } from './contexts.js';
import type { Account } from './http.js';

/**
 * A published workflow written straight to the database, for engine tests that exercise the
 * interpreter without the workflow routes. The definition is validated the way the API does it.
 */
export async function seedPublishedWorkflow(
  t: TestApp,
  account: Account,
  definition: unknown,
  name = 'engine test',
) {
  const checked = await validateDefinition(definition);
  if (!checked.ok) throw new Error(`invalid definition: ${JSON.stringify(checked.errors)}`);
  const id = newId('wf');
  const db = t.deps.database.db;
  await db.insert(workflows).values({
    id,
    orgId: account.orgId,
    name,
    status: 'published',
    definition: checked.definition as unknown as Record<string, unknown>,
    publishedVersion: 1,
  });
  await db.insert(workflowVersions).values({
    id: newId('wfv'),
    orgId: account.orgId,
    workflowId: id,
    version: 1,
    definition: checked.definition as unknown as Record<string, unknown>,
  });
  return id;
}

/** Starts a run as `account` through the same service the execute route uses. */
export async function launch(
  t: TestApp,
  account: Account,
  workflowId: string,
  input: Record<string, unknown> = {},
) {
  const { execution } = await launchExecution(userContextFor(t, account), {
    workflowId,
    input,
    trigger: 'manual',
  });
  return execution;
}

/** Waits for the run to close in Temporal, then for the read model to record its outcome. */
export async function waitForOutcome(t: TestApp, executionId: string, timeoutMs = 30_000) {
  const handle = t.deps.temporal.client.workflow.getHandle(executionId);
  await Promise.race([handle.result().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await t.deps.database.db.select().from(executions).where(eq(executions.id, executionId));
    if (row && row.status !== 'running') return row;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} still running in the read model`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stepsOf(t: TestApp, executionId: string) {
  const rows = await t.deps.database.db
    .select()
    .from(executionSteps)
    .where(eq(executionSteps.executionId, executionId));
  return rows.sort((a, b) => a.seq - b.seq);
}

export async function logsOf(t: TestApp, executionId: string) {
  return t.deps.database.db.select().from(executionLogs).where(eq(executionLogs.executionId, executionId));
}
