import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions } from '../../src/db/schema/index.js';
import { fireEventTriggers } from '../../src/services/triggers/fire-event-triggers.js';
import { addMember, approvalDefinition, decide, waitForApproval } from '../approvals/helpers.js';
import { eventually } from '../executions/helpers.js';
import type { TestApp } from '../harness/app.js';
import { platformFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { createTrigger, createTriggersApp } from './helpers.js';

let t: TestApp;
let account: Account;

beforeAll(async () => {
  t = await createTriggersApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'event-triggers');
});
afterAll(() => t?.close());

const SOURCE = {
  variables: { fail: { type: 'boolean', default: false } },
  steps: [
    { id: 'work', type: 'transform', config: { value: 'done' } },
    { id: 'maybe_fail', type: 'fail', when: 'input.fail', config: { code: 'BROKEN', message: 'it broke' } },
  ],
};
const FOLLOWER = {
  variables: {
    source_execution: { type: 'string' },
    status: { type: 'string' },
    detail: { type: 'string', default: '' },
  },
  steps: [{ id: 'note', type: 'transform', config: { value: 'noted' } }],
};

const runsOf = (workflowId: string) =>
  t.deps.database.db.select().from(executions).where(eq(executions.workflowId, workflowId));

async function onlyRunOf(workflowId: string) {
  const rows = await eventually(async () => {
    const found = await runsOf(workflowId);
    return found.length > 0 ? found : undefined;
  });
  expect(rows).toHaveLength(1);
  return rows[0] as (typeof rows)[number];
}

describe('event triggers', () => {
  it("starts B when A completes and C when A fails, each with the event's data", async () => {
    const a = await seedPublishedWorkflow(t, account, SOURCE, 'A');
    const b = await seedPublishedWorkflow(t, account, FOLLOWER, 'B');
    const c = await seedPublishedWorkflow(t, account, FOLLOWER, 'C');
    const mappings = { source_execution: 'payload.execution_id', status: 'payload.status' };
    await createTrigger(t, account, {
      name: 'after A',
      type: 'event',
      workflow_id: b,
      config: { source_workflow_id: a, on: ['execution.completed'] },
      mappings,
    });
    await createTrigger(t, account, {
      name: 'when A breaks',
      type: 'event',
      workflow_id: c,
      config: { source_workflow_id: a, on: ['execution.failed'] },
      mappings: { ...mappings, detail: 'payload.error.code & ": " & payload.error.message' },
    });

    const good = await launch(t, account, a, {});
    expect((await waitForOutcome(t, good.id)).status).toBe('completed');
    const followed = await onlyRunOf(b);
    expect(followed).toMatchObject({
      trigger: 'event',
      input: { source_execution: good.id, status: 'completed' },
    });
    expect((await waitForOutcome(t, followed.id)).status).toBe('completed');
    expect(await runsOf(c)).toEqual([]);

    const bad = await launch(t, account, a, { fail: true });
    expect((await waitForOutcome(t, bad.id)).status).toBe('failed');
    const rescued = await onlyRunOf(c);
    expect(rescued.input).toEqual({ source_execution: bad.id, status: 'failed', detail: 'BROKEN: it broke' });
    // B listens for completions only.
    expect(await runsOf(b)).toHaveLength(1);
  });

  it("starts B when an approval in A's run is decided, with the decision", async () => {
    const approver = await addMember(t, account, ['approver'], 'event-approver');
    const a = await seedPublishedWorkflow(
      t,
      account,
      approvalDefinition({ approvers: { roles: ['approver'] } }),
      'A',
    );
    const b = await seedPublishedWorkflow(t, account, FOLLOWER, 'B');
    await createTrigger(t, account, {
      name: 'after the decision',
      type: 'event',
      workflow_id: b,
      config: { source_workflow_id: a, on: ['approval.decided'] },
      mappings: {
        source_execution: 'payload.execution_id',
        status: 'payload.data.outcome',
        detail: 'payload.data.approval_id',
      },
    });
    const run = await launch(t, account, a, {});
    const approval = await waitForApproval(t, run.id);
    // Waiting for a decision is not an event.
    expect(await runsOf(b)).toEqual([]);
    expect((await decide(t, approver, approval.id, 'reject')).status).toBe(200);
    const followed = await onlyRunOf(b);
    expect(followed).toMatchObject({
      trigger: 'event',
      input: { source_execution: run.id, status: 'rejected', detail: approval.id },
    });
    expect((await waitForOutcome(t, run.id)).status).toBe('completed');
    // A listens for decisions only: its completion starts nothing more.
    expect(await runsOf(b)).toHaveLength(1);
  });

  it('fires once per trigger, execution and event however often the event is reported', async () => {
    const a = await seedPublishedWorkflow(t, account, SOURCE, 'A');
    const b = await seedPublishedWorkflow(t, account, FOLLOWER, 'B');
    const trigger = await createTrigger(t, account, {
      name: 'after A',
      type: 'event',
      workflow_id: b,
      config: { source_workflow_id: a, on: ['execution.completed', 'approval.decided'] },
      mappings: { source_execution: 'payload.execution_id', status: 'payload.event' },
    });
    const deps = platformFor(t);
    const event = {
      orgId: account.orgId,
      kind: 'approval.decided' as const,
      workflowId: a,
      executionId: 'exe_reported_twice',
      data: { approval_id: 'apr_1', decision: 'approved' },
    };
    await Promise.all([fireEventTriggers(deps, event), fireEventTriggers(deps, event)]);
    await fireEventTriggers(deps, event);
    const [run] = await runsOf(b);
    expect(await runsOf(b)).toHaveLength(1);
    expect(run?.input).toMatchObject({ source_execution: 'exe_reported_twice', status: 'approval.decided' });
    // Another approval of the same execution is another event.
    await fireEventTriggers(deps, { ...event, data: { approval_id: 'apr_2' } });
    expect(await runsOf(b)).toHaveLength(2);
    // Another organization's event with the same workflow id reaches nothing.
    const stranger = await registerAccount(t.app, 'event-stranger');
    await fireEventTriggers(deps, { ...event, orgId: stranger.orgId, executionId: 'exe_other' });
    expect(await runsOf(b)).toHaveLength(2);
    // Disabled, it stays quiet.
    await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, {
      token: account.token,
      body: { enabled: false },
    });
    await fireEventTriggers(deps, { ...event, executionId: 'exe_later' });
    expect(await runsOf(b)).toHaveLength(2);
  });

  it('refuses a trigger that would start its own source, directly or through a chain', async () => {
    const a = await seedPublishedWorkflow(t, account, SOURCE, 'A');
    const b = await seedPublishedWorkflow(t, account, FOLLOWER, 'B');
    const self = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'loop',
        type: 'event',
        workflow_id: a,
        config: { source_workflow_id: a, on: ['execution.completed'] },
      },
    });
    expect(self.status).toBe(400);
    expect(self.body.errors).toEqual([
      expect.objectContaining({ path: 'config.source_workflow_id', code: 'self_trigger' }),
    ]);

    await createTrigger(t, account, {
      name: 'A then B',
      type: 'event',
      workflow_id: b,
      config: { source_workflow_id: a, on: ['execution.completed'] },
    });
    const back = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'B then A',
        type: 'event',
        workflow_id: a,
        config: { source_workflow_id: b, on: ['execution.failed'] },
      },
    });
    expect(back.status).toBe(400);
    expect(back.body.errors).toEqual([expect.objectContaining({ code: 'trigger_loop' })]);

    // Changing an existing trigger into a loop is refused the same way.
    const d = await seedPublishedWorkflow(t, account, SOURCE, 'D');
    const fromD = await createTrigger(t, account, {
      name: 'D then B',
      type: 'event',
      workflow_id: b,
      config: { source_workflow_id: d, on: ['execution.completed'] },
    });
    const update = await call(t.app, 'PUT', `/api/v1/triggers/${fromD.id}`, {
      token: account.token,
      body: { config: { source_workflow_id: b, on: ['execution.completed'] } },
    });
    expect(update.status).toBe(400);
    expect(update.body.errors).toEqual([expect.objectContaining({ code: 'self_trigger' })]);

    const invalid = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'x',
        type: 'event',
        workflow_id: a,
        config: { source_workflow_id: 'wf_missing', on: ['execution.completed'] },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ path: 'config.source_workflow_id', code: 'not_found' }),
    ]);
    const noKinds = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: { name: 'x', type: 'event', workflow_id: a, config: { source_workflow_id: b, on: [] } },
    });
    expect(noKinds.body.errors).toEqual([expect.objectContaining({ path: 'config.on' })]);
  });
});
