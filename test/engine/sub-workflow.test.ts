import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, executions } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'engine-sub-workflow');
});
afterAll(async () => {
  await t?.close();
});

const childDefinition = {
  variables: { n: { type: 'number' } },
  steps: [{ id: 'times_ten', type: 'transform', config: { expression: '{ "result": input.n * 10 }' } }],
};

function parentOf(workflowId: string, config: Record<string, unknown> = {}) {
  return {
    variables: { x: { type: 'number', default: 4 } },
    steps: [
      {
        id: 'child',
        type: 'sub_workflow',
        config: { workflow_id: workflowId, input: { n: '{{ input.x + 1 }}' }, ...config },
      },
      { id: 'use', type: 'transform', config: { expression: 'steps.child.output.result + 1' } },
    ],
  };
}

async function childrenOf(orgId: string) {
  const rows = await t.deps.database.db.select().from(executions).where(eq(executions.orgId, orgId));
  return rows.filter((row) => row.trigger === 'sub_workflow');
}

describe('sub_workflow', () => {
  it('runs another published workflow as its own execution and returns its output', async () => {
    const childId = await seedPublishedWorkflow(t, account, childDefinition, 'child');
    const parentId = await seedPublishedWorkflow(t, account, parentOf(childId), 'parent');
    const execution = await launch(t, account, parentId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe(51);
    const [step] = await stepsOf(t, execution.id);
    expect(step).toMatchObject({ stepId: 'child', status: 'completed', output: { result: 50 } });

    const children = (await childrenOf(account.orgId)).filter((row) => row.workflowId === childId);
    expect(children).toHaveLength(1);
    const child = children[0];
    expect(child).toMatchObject({
      trigger: 'sub_workflow',
      status: 'completed',
      workflowVersion: 1,
      input: { n: 5 },
      output: { result: 50 },
      startedBy: account.userId,
    });
    expect((await stepsOf(t, child?.id ?? '')).map((s) => s.stepId)).toEqual(['times_ten']);
    // A Temporal child of the parent, searchable by our attributes like any run.
    const description = await t.deps.temporal.client.workflow.getHandle(child?.id ?? '').describe();
    expect(description.parentExecution?.workflowId).toBe(execution.id);
    expect(description.searchAttributes.ConveyorTrigger).toEqual(['sub_workflow']);
    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.resourceId, child?.id ?? ''));
    expect(audit[0]).toMatchObject({ action: 'execution.start', actorType: 'system' });
    expect(audit[0]?.details).toMatchObject({ parent_execution_id: execution.id, parent_step: 'child' });
  });

  it('fails the step with the child failure code', async () => {
    const childId = await seedPublishedWorkflow(t, account, {
      steps: [{ id: 'no', type: 'fail', config: { code: 'CHILD_REFUSED', message: 'not today' } }],
    });
    const parentId = await seedPublishedWorkflow(t, account, {
      steps: [{ id: 'child', type: 'sub_workflow', config: { workflow_id: childId } }],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, parentId)).id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'CHILD_REFUSED', message: 'not today', step_id: 'child' });
    const [child] = (await childrenOf(account.orgId)).filter((row) => row.workflowId === childId);
    expect(child?.status).toBe('failed');
  });

  it('refuses input the child definition does not accept, before starting anything', async () => {
    const childId = await seedPublishedWorkflow(t, account, childDefinition);
    const parentId = await seedPublishedWorkflow(t, account, {
      steps: [{ id: 'child', type: 'sub_workflow', config: { workflow_id: childId, input: { n: 'five' } } }],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, parentId)).id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'INPUT_INVALID', step_id: 'child' });
    expect(outcome.error?.message).toContain('input.n');
    expect((await childrenOf(account.orgId)).filter((row) => row.workflowId === childId)).toHaveLength(0);
  });

  it("cannot run another organization's workflow", async () => {
    const other = await registerAccount(t.app, 'engine-sub-workflow-other');
    const foreignId = await seedPublishedWorkflow(t, other, childDefinition);
    const parentId = await seedPublishedWorkflow(t, account, parentOf(foreignId));
    const outcome = await waitForOutcome(t, (await launch(t, account, parentId)).id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', step_id: 'child' });
    expect(await childrenOf(other.orgId)).toHaveLength(0);
  });

  it('starts without waiting when wait is false, and the child finishes on its own', async () => {
    const childId = await seedPublishedWorkflow(t, account, {
      variables: { n: { type: 'number' } },
      steps: [
        { id: 'pause', type: 'delay', config: { duration: '300ms' } },
        { id: 'done', type: 'transform', config: { expression: 'input.n' } },
      ],
    });
    const parentId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'kick', type: 'sub_workflow', config: { workflow_id: childId, input: { n: 7 }, wait: false } },
      ],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, parentId)).id);
    expect(outcome.status).toBe('completed');
    const childExecutionId = (outcome.output as { execution_id: string }).execution_id;
    expect(childExecutionId).toMatch(/^exe_/);
    const child = await waitForOutcome(t, childExecutionId);
    expect(child).toMatchObject({ status: 'completed', output: 7, trigger: 'sub_workflow' });
  });
});
