import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, approvalsApp, decide, waitForApproval } from '../approvals/helpers.js';
import type { TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * An approval binds to the data it was shown. Approved for `amount: 100`, cancelled, then retried
 * from the failed step with `amount: 1000000`, a run once completed with the million and no new
 * approval request.
 */
let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await approvalsApp();
  owner = await registerAccount(t.app, 'approval-reuse');
});
afterAll(() => t?.close());

const payment = {
  variables: { amount: { type: 'number' } },
  steps: [
    {
      id: 'sign_off',
      type: 'approval',
      config: { message: 'Pay {{ input.amount }}?', approvers: { roles: ['approver'] } },
    },
    { id: 'settle', type: 'delay', config: { duration: '1h' } },
  ],
};

async function approvedThenCancelled() {
  const workflowId = await seedPublishedWorkflow(t, owner, payment);
  const execution = await launch(t, owner, workflowId, { amount: 100 });
  const approval = await waitForApproval(t, execution.id);
  expect(approval.message).toBe('Pay 100?');
  const approver = await addMember(t, owner, ['approver'], 'payer');
  expect((await decide(t, approver, approval.id, 'approve')).status).toBe(200);
  // The approval step completed; the run now sleeps in `settle`, and is cancelled there.
  await waitForApproval(t, execution.id, (row) => row.status === 'approved');
  const cancel = await call(t.app, 'POST', `/api/v1/executions/${execution.id}/cancel`, {
    token: owner.token,
  });
  expect(cancel.status).toBe(200);
  expect((await waitForOutcome(t, execution.id)).status).toBe('cancelled');
  return execution;
}

const retry = (id: string, body: Record<string, unknown>) =>
  call<{ id: string; code?: string }>(t.app, 'POST', `/api/v1/executions/${id}/retry`, {
    token: owner.token,
    body,
  });

describe('approval reuse', () => {
  it('refuses a retry from the failed step that changes the approved input from 100 to 1,000,000', async () => {
    const execution = await approvedThenCancelled();
    const changed = await retry(execution.id, { from: 'failed_step', input: { amount: 1_000_000 } });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('approval_bound_to_input');

    // The same input keeps the approval: the retry goes straight to `settle`.
    const same = await retry(execution.id, { from: 'failed_step', input: { amount: 100 } });
    expect(same.status).toBe(202);
    const asBefore = await retry(execution.id, { from: 'failed_step' });
    expect(asBefore.status).toBe(202);
    for (const run of [same.body.id, asBefore.body.id]) {
      await t.deps.temporal.client.workflow.getHandle(run).terminate('test done');
    }
  });

  it('asks again when retried from the start with the new amount', async () => {
    const execution = await approvedThenCancelled();
    const fresh = await retry(execution.id, { from: 'start', input: { amount: 1_000_000 } });
    expect(fresh.status).toBe(202);
    const asked = await waitForApproval(t, fresh.body.id);
    expect(asked).toMatchObject({ status: 'pending', message: 'Pay 1000000?' });
    await t.deps.temporal.client.workflow.getHandle(fresh.body.id).terminate('test done');
  });
});
