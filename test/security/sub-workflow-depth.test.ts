import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions } from '../../src/db/schema/index.js';
import { MAX_SUB_WORKFLOW_DEPTH } from '../../src/workflows/steps/types/sub-workflow.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/** A workflow that starts itself stops at the depth bound instead of spawning runs without end. */
let t: TestApp;
let hostile: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  hostile = await registerAccount(t.app, 'hostile-recursion');
});
afterAll(() => t?.close());

async function runsOf(orgId: string) {
  return t.deps.database.db.select().from(executions).where(eq(executions.orgId, orgId));
}

describe('sub_workflow depth', () => {
  it('stops a workflow that starts itself at the bound, with SUB_WORKFLOW_DEPTH', async () => {
    const workflowId = await seedPublishedWorkflow(t, hostile, {
      steps: [{ id: 'again', type: 'sub_workflow', config: { workflow_id: '{{ execution.workflow_id }}' } }],
    });
    const execution = await launch(t, hostile, workflowId, {});
    const outcome = await waitForOutcome(t, execution.id, 60_000);
    expect(outcome.status).toBe('failed');
    const runs = await runsOf(hostile.orgId);
    const children = runs.filter((run) => run.trigger === 'sub_workflow');
    expect(children).toHaveLength(MAX_SUB_WORKFLOW_DEPTH);
    const deepest = children.find(
      (run) => (run.error as { code?: string } | null)?.code === 'SUB_WORKFLOW_DEPTH',
    );
    expect(deepest).toBeDefined();
  });

  it('stops a fire-and-forget chain too', async () => {
    const account = await registerAccount(t.app, 'hostile-fanout');
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'again',
          type: 'sub_workflow',
          config: { workflow_id: '{{ execution.workflow_id }}', wait: false },
        },
      ],
    });
    await launch(t, account, workflowId, {});
    const deadline = Date.now() + 60_000;
    for (;;) {
      const runs = await runsOf(account.orgId);
      const failed = runs.filter(
        (run) => (run.error as { code?: string } | null)?.code === 'SUB_WORKFLOW_DEPTH',
      );
      if (failed.length > 0) {
        expect(runs.filter((run) => run.trigger === 'sub_workflow')).toHaveLength(MAX_SUB_WORKFLOW_DEPTH);
        break;
      }
      if (Date.now() > deadline) throw new Error(`no run stopped at the bound; ${runs.length} runs so far`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
