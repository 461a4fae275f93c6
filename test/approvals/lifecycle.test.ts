import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness/app.js';
import { call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { addMember, approvalDefinition, approvalsApp, decide, waitForApproval } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await approvalsApp();
});
afterAll(() => t?.close());

describe('approval requests over a run’s life', () => {
  it('closes the request as cancelled when the run is cancelled while it waits', async () => {
    const owner = await registerAccount(t.app, 'apr-cancel');
    const approver = await addMember(t, owner, ['approver']);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { roles: ['approver'] } }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);

    const cancelled = await call(t.app, 'POST', `/api/v1/executions/${execution.id}/cancel`, {
      token: owner.token,
    });
    expect(cancelled.status).toBe(200);
    expect((await waitForOutcome(t, execution.id)).status).toBe('cancelled');
    expect((await waitForApproval(t, execution.id, (r) => r.status !== 'pending')).status).toBe('cancelled');
    const pending = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: approver.token,
    });
    expect(pending.body.items).toEqual([]);
    const late = await decide(t, approver, approval.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('approval_closed');
  });

  it('closes the request as cancelled when the run is terminated from outside Conveyor', async () => {
    const owner = await registerAccount(t.app, 'apr-terminated');
    const approver = await addMember(t, owner, ['approver']);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { roles: ['approver'] } }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);
    // As an operator would from the Temporal Web UI or CLI: the workflow never gets to clean up.
    await t.deps.temporal.client.workflow.getHandle(execution.id).terminate('operator stopped it');
    const read = await call(t.app, 'GET', `/api/v1/executions/${execution.id}`, { token: owner.token });
    expect(read.body).toMatchObject({ status: 'terminated' });
    expect((await waitForApproval(t, execution.id)).status).toBe('cancelled');
    const pending = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: approver.token,
    });
    expect(pending.body.items).toEqual([]);
    expect((await decide(t, approver, approval.id, 'approve')).status).toBe(409);
  });

  it('opens a new request each time a loop comes back to the same approval step', async () => {
    const owner = await registerAccount(t.app, 'apr-loop');
    const approver = await addMember(t, owner, ['approver']);
    const workflowId = await seedPublishedWorkflow(t, owner, {
      steps: [
        {
          id: 'count',
          type: 'set',
          config: { values: { round: '{{ $exists(vars.round) ? vars.round + 1 : 1 }}' } },
        },
        {
          id: 'ok',
          type: 'approval',
          config: { message: 'Round {{ vars.round }}', approvers: { roles: ['approver'] } },
        },
        {
          id: 'again',
          type: 'fail',
          config: { message: 'again' },
          when: 'steps.ok.output.outcome = "rejected"',
          on_error: { goto: 'count' },
        },
      ],
    });
    const execution = await launch(t, owner, workflowId);
    const first = await waitForApproval(t, execution.id);
    expect(first).toMatchObject({ stepPath: 'ok', message: 'Round 1' });
    expect((await decide(t, approver, first.id, 'reject')).status).toBe(200);

    const second = await waitForApproval(t, execution.id, () => true, { index: 1 });
    expect(second).toMatchObject({ stepPath: 'ok#2', message: 'Round 2', status: 'pending' });
    expect(second.id).not.toBe(first.id);
    expect((await decide(t, approver, second.id, 'approve')).status).toBe(200);
    expect((await waitForOutcome(t, execution.id)).status).toBe('completed');
    const okSteps = (await stepsOf(t, execution.id)).filter((s) => s.stepId === 'ok');
    expect(okSteps.at(-1)?.output).toMatchObject({ approval_id: second.id, outcome: 'approved' });
  });

  it('refuses definitions whose approval step cannot work', async () => {
    const owner = await registerAccount(t.app, 'apr-define');
    const create = (config: Record<string, unknown>) =>
      call<{ code: string; errors: { path: string }[] }>(t.app, 'POST', '/api/v1/workflows', {
        token: owner.token,
        body: { name: 'approval', definition: { steps: [{ id: 'ok', type: 'approval', config }] } },
      });
    const paths = async (config: Record<string, unknown>) => {
      const response = await create(config);
      expect(response.status, JSON.stringify(config)).toBe(400);
      return response.body.errors.map((e) => e.path);
    };
    expect(await paths({ message: 'x', approvers: {} })).toEqual(['definition.steps[0].config.approvers']);
    expect(await paths({ message: 'x', approvers: { users: ['usr_a'] }, required: 2 })).toEqual([
      'definition.steps[0].config.required',
    ]);
    expect(await paths({ message: 'x', approvers: { roles: ['approver'] }, on_timeout: 'shrug' })).toEqual([
      'definition.steps[0].config.on_timeout',
    ]);
    expect(
      await paths({ message: 'x', approvers: { roles: ['approver'] }, form: { type: 'array' } }),
    ).toEqual(['definition.steps[0].config.form']);
    expect(
      await paths({
        message: 'x',
        approvers: { roles: ['approver'] },
        escalation: [{ approvers: { users: ['usr_b'] }, required: 3 }],
      }),
    ).toEqual(['definition.steps[0].config.escalation.0.required']);
    const fine = await create({
      message: 'x',
      approvers: { roles: ['approver'] },
      timeout: '1d',
      on_timeout: 'escalate',
      escalation: [{ approvers: { users: ['usr_b'] } }],
      form: { type: 'object', required: ['reason'] },
    });
    expect(fine.status).toBe(201);
  });
});
