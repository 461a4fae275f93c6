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

async function run(config: Record<string, unknown>) {
  const owner = await registerAccount(t.app, 'apr-timeout');
  const workflowId = await seedPublishedWorkflow(t, owner, approvalDefinition(config));
  const execution = await launch(t, owner, workflowId);
  return { owner, execution, approval: await waitForApproval(t, execution.id) };
}

async function stepOutput(executionId: string) {
  const done = await waitForOutcome(t, executionId);
  expect(done.status).toBe('completed');
  return (await stepsOf(t, executionId))[0]?.output as Record<string, unknown>;
}

describe('approval timeouts and escalation', () => {
  it('rejects when the timeout passes with on_timeout reject (the default)', async () => {
    const { execution, approval } = await run({ approvers: { roles: ['approver'] }, timeout: '2s' });
    expect(approval.expiresAt).not.toBeNull();
    expect(await stepOutput(execution.id)).toMatchObject({
      outcome: 'rejected',
      timed_out: true,
      decided_by: [],
      level: 0,
    });
    const row = await waitForApproval(t, execution.id, (r) => r.status !== 'pending');
    expect(row).toMatchObject({ status: 'expired', outcome: { outcome: 'rejected', timed_out: true } });
  });

  it('approves when the timeout passes with on_timeout approve', async () => {
    const { execution } = await run({
      approvers: { roles: ['approver'] },
      timeout: '2s',
      on_timeout: 'approve',
    });
    expect(await stepOutput(execution.id)).toMatchObject({
      outcome: 'approved',
      timed_out: true,
      decided_by: [],
    });
    expect((await waitForApproval(t, execution.id, (r) => r.status !== 'pending')).status).toBe('approved');
  });

  it('escalates on timeout to the next level, whose approvers then decide', async () => {
    const owner = await registerAccount(t.app, 'apr-escalate');
    const [first, second] = await Promise.all([
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['approver']),
    ]);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({
        approvers: { users: [first.userId] },
        timeout: '2s',
        on_timeout: 'escalate',
        escalation: [{ approvers: { users: [second.userId] } }],
      }),
    );
    const execution = await launch(t, owner, workflowId);
    const escalated = await waitForApproval(t, execution.id, (r) => r.level === 1);
    expect(escalated).toMatchObject({ status: 'pending', approverUserIds: [second.userId], expiresAt: null });

    const late = await decide(t, first, escalated.id, 'approve');
    expect(late.status).toBe(403);
    expect(late.body.code).toBe('not_an_approver');
    const ok = await decide(t, second, escalated.id, 'approve');
    expect(ok.status).toBe(200);
    expect(await stepOutput(execution.id)).toMatchObject({
      outcome: 'approved',
      level: 1,
      timed_out: false,
      decided_by: [second.userId],
    });
  });

  it('escalates through two levels, by decision and by timeout, and rejects past the last one', async () => {
    const owner = await registerAccount(t.app, 'apr-levels');
    const lead = await addMember(t, owner, ['approver']);
    const director = await addMember(t, owner, ['admin']);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({
        approvers: { users: [lead.userId] },
        escalation: [
          { approvers: { roles: ['editor'] }, timeout: '2s', on_timeout: 'escalate' },
          { approvers: { users: [director.userId] } },
        ],
      }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);

    const up = await decide(t, lead, approval.id, 'escalate', { comment: 'above my limit' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      status: 'pending',
      level: 1,
      approvers: { users: [], roles: ['editor'] },
    });
    // Nobody with the editor role decides: the level times out and escalates to the director.
    const top = await waitForApproval(t, execution.id, (r) => r.level === 2);
    expect(top.approverUserIds).toEqual([director.userId]);
    const pending = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: director.token,
    });
    expect(pending.body.items.map((i) => i.id)).toEqual([approval.id]);

    // Escalating past the last level rejects.
    const past = await decide(t, director, approval.id, 'escalate');
    expect(past.status).toBe(200);
    expect(past.body.status).toBe('rejected');
    expect(await stepOutput(execution.id)).toMatchObject({
      outcome: 'rejected',
      level: 2,
      timed_out: false,
      decided_by: [director.userId],
      decisions: [
        { user_id: lead.userId, decision: 'escalate', level: 0, comment: 'above my limit' },
        { user_id: director.userId, decision: 'escalate', level: 2 },
      ],
    });
  });

  it('expires when a timeout escalates past the last level', async () => {
    const { execution } = await run({
      approvers: { roles: ['approver'] },
      timeout: '1s',
      on_timeout: 'escalate',
      escalation: [{ approvers: { roles: ['admin'] }, timeout: '1s', on_timeout: 'escalate' }],
    });
    expect(await stepOutput(execution.id)).toMatchObject({ outcome: 'rejected', timed_out: true, level: 1 });
    expect((await waitForApproval(t, execution.id, (r) => r.status !== 'pending')).status).toBe('expired');
  });
});
