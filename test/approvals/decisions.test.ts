import proto from '@temporalio/proto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/index.js';
import type { TestApp } from '../harness/app.js';
import { call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { addMember, approvalDefinition, approvalsApp, decide, waitForApproval } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await approvalsApp();
});
afterAll(() => t?.close());

const { EventType } = proto.temporal.api.enums.v1;

async function startRun(config: Record<string, unknown>) {
  const owner = await registerAccount(t.app, 'apr-owner');
  const workflowId = await seedPublishedWorkflow(t, owner, approvalDefinition(config));
  const execution = await launch(t, owner, workflowId, { order: 'A-7' });
  const approval = await waitForApproval(t, execution.id);
  return { owner, workflowId, execution, approval };
}

async function acceptedUpdates(executionId: string) {
  const history = await t.deps.temporal.client.workflow.getHandle(executionId).fetchHistory();
  return (history.events ?? []).filter(
    (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  );
}

describe('approval decisions', () => {
  it('approves: the run completes with the decision in the step output, the row and the audit trail', async () => {
    const { owner, execution, approval } = await startRun({ approvers: { roles: ['approver'] } });
    const approver = await addMember(t, owner, ['approver'], 'approver');
    expect(approval).toMatchObject({
      status: 'pending',
      message: 'Ship order A-7?',
      requestedBy: owner.userId,
    });

    const pending = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: approver.token,
    });
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((item) => item.id)).toEqual([approval.id]);

    const answer = await decide(t, approver, approval.id, 'approve', {
      comment: 'looks right',
      payload: { note: 'ok' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: approval.id,
      status: 'approved',
      decision_accepted: true,
      decisions: [{ user_id: approver.userId, decision: 'approve', comment: 'looks right', level: 0 }],
    });

    const done = await waitForOutcome(t, execution.id);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ outcome: 'approved' });
    const [step] = await stepsOf(t, execution.id);
    expect(step?.output).toMatchObject({
      approval_id: approval.id,
      outcome: 'approved',
      decided_by: [approver.userId],
      level: 0,
      timed_out: false,
      payload: { note: 'ok' },
    });
    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.resourceId, approval.id), eq(auditLogs.action, 'approval.approve')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: approver.userId,
      details: { comment: 'looks right', level: 0 },
    });

    const read = await call(t.app, 'GET', `/api/v1/hitl-approvals/${approval.id}`, { token: owner.token });
    expect(read.body).toMatchObject({ status: 'approved', outcome: { outcome: 'approved' } });
  });

  it('rejects without failing the run: later steps see outcome rejected', async () => {
    const { owner, execution, approval } = await startRun({ approvers: { roles: ['approver'] } });
    const approver = await addMember(t, owner, ['approver']);
    const answer = await decide(t, approver, approval.id, 'reject', { comment: 'no budget' });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('rejected');
    const done = await waitForOutcome(t, execution.id);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ outcome: 'rejected' });
  });

  it('needs N of M approvals: the first leaves the request pending, the second approves', async () => {
    const owner = await registerAccount(t.app, 'apr-nofm');
    const [x, y, viewer] = await Promise.all([
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['viewer']),
    ]);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { users: [x.userId, y.userId, viewer.userId] }, required: 2 }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);

    const first = await decide(t, x, approval.id, 'approve');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', decisions: [{ user_id: x.userId }] });
    const again = await decide(t, x, approval.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_decided');
    // A listed user without approvals:decide is stopped by the permission check.
    const viewing = await decide(t, viewer, approval.id, 'approve');
    expect(viewing.status).toBe(403);
    expect(viewing.body.code).toBe('forbidden');

    const second = await decide(t, y, approval.id, 'approve');
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('approved');
    const done = await waitForOutcome(t, execution.id);
    expect(done.output).toEqual({ outcome: 'approved' });
    const [step] = await stepsOf(t, execution.id);
    expect(step?.output).toMatchObject({ decided_by: [x.userId, y.userId] });
  });

  it('refuses the run starter unless self-approval is allowed', async () => {
    const refused = await startRun({ approvers: { users: [] as string[], roles: ['owner'] } });
    const answer = await decide(t, refused.owner, refused.approval.id, 'approve');
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('self_approval_forbidden');
    const pending = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: refused.owner.token,
    });
    expect(pending.body.items).toEqual([]);
    expect(await acceptedUpdates(refused.execution.id)).toHaveLength(0);

    const allowed = await startRun({ approvers: { roles: ['owner'] }, allow_self_approval: true });
    const mine = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: allowed.owner.token,
    });
    expect(mine.body.items.map((item) => item.id)).toEqual([allowed.approval.id]);
    const ok = await decide(t, allowed.owner, allowed.approval.id, 'approve');
    expect(ok.status).toBe(200);
    expect((await waitForOutcome(t, allowed.execution.id)).output).toEqual({ outcome: 'approved' });
  });

  it('refuses a user who is not an approver, and does not list the request for them', async () => {
    const { owner, approval, execution } = await startRun({ approvers: { roles: ['admin'] } });
    const outsider = await addMember(t, owner, ['approver']);
    const answer = await decide(t, outsider, approval.id, 'approve');
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('not_an_approver');
    const pending = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: outsider.token,
    });
    expect(pending.body.items).toEqual([]);
    expect(await acceptedUpdates(execution.id)).toHaveLength(0);
    // An admin does see it, and may decide it.
    const admin = await addMember(t, owner, ['admin']);
    const theirs = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/hitl-approvals/pending', {
      token: admin.token,
    });
    expect(theirs.body.items.map((item) => item.id)).toEqual([approval.id]);
    expect((await decide(t, admin, approval.id, 'reject')).status).toBe(200);
  });

  it('checks the payload against the form in the workflow, and a refused payload never enters the history', async () => {
    const form = {
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'number', minimum: 1 } },
      additionalProperties: false,
    };
    const { owner, approval, execution } = await startRun({ approvers: { roles: ['approver'] }, form });
    const approver = await addMember(t, owner, ['approver']);
    const bad = await decide(t, approver, approval.id, 'approve', { payload: { amount: 0, extra: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_payload');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'payload.amount', code: 'minimum' }),
        expect.objectContaining({ path: 'payload', code: 'additionalProperties' }),
      ]),
    );
    const missing = await decide(t, approver, approval.id, 'approve');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ code: 'required' })]);
    expect(await acceptedUpdates(execution.id)).toHaveLength(0);

    const good = await decide(t, approver, approval.id, 'approve', { payload: { amount: 1200 } });
    expect(good.status).toBe(200);
    expect(await acceptedUpdates(execution.id)).toHaveLength(1);
    const [step] = await stepsOf(t, (await waitForOutcome(t, execution.id)).id);
    expect(step?.output).toMatchObject({ outcome: 'approved', payload: { amount: 1200 } });
  });

  it('accepts exactly one of two racing decisions', async () => {
    const { owner, approval, execution } = await startRun({ approvers: { roles: ['approver'] } });
    const [alice, bob] = await Promise.all([
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['approver']),
    ]);
    const answers = await Promise.all([
      decide(t, alice, approval.id, 'approve'),
      decide(t, bob, approval.id, 'reject'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('approval_closed');
    expect(await acceptedUpdates(execution.id)).toHaveLength(1);
    const winner = answers.find((a) => a.status === 200)?.body as { status: string };
    const done = await waitForOutcome(t, execution.id);
    expect(done.output).toEqual({ outcome: winner.status });
  });

  it('accepts one of the same approver deciding twice at once', async () => {
    const owner = await registerAccount(t.app, 'apr-twice');
    const [alice, bob] = await Promise.all([
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['approver']),
    ]);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { users: [alice.userId, bob.userId] }, required: 2 }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);
    const answers = await Promise.all([
      decide(t, alice, approval.id, 'approve'),
      decide(t, alice, approval.id, 'approve'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('already_decided');
    expect(await acceptedUpdates(execution.id)).toHaveLength(1);
  });

  it('answers a repeated Idempotency-Key with the first answer and records one decision', async () => {
    const owner = await registerAccount(t.app, 'apr-idem');
    const [alice, bob] = await Promise.all([
      addMember(t, owner, ['approver']),
      addMember(t, owner, ['approver']),
    ]);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { users: [alice.userId, bob.userId] }, required: 2 }),
    );
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);
    const headers = { 'idempotency-key': 'alice-ok-1' };
    const first = await decide(t, alice, approval.id, 'approve', { comment: 'yes' }, headers);
    const second = await decide(t, alice, approval.id, 'approve', { comment: 'yes' }, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((first.body.decisions as unknown[]).length).toBe(1);
    expect(await acceptedUpdates(execution.id)).toHaveLength(1);
    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.resourceId, approval.id), eq(auditLogs.action, 'approval.approve')));
    expect(audit).toHaveLength(1);
    // Without the key the same decision again is refused.
    expect((await decide(t, alice, approval.id, 'approve')).body.code).toBe('already_decided');
  });

  it('answers 409 once the request is closed, and 404 for another organization', async () => {
    const { owner, approval, execution } = await startRun({ approvers: { roles: ['approver'] } });
    const approver = await addMember(t, owner, ['approver']);
    expect((await decide(t, approver, approval.id, 'reject')).status).toBe(200);
    await waitForOutcome(t, execution.id);
    const late = await decide(t, await addMember(t, owner, ['approver']), approval.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('approval_closed');
    const stranger = await registerAccount(t.app, 'apr-stranger');
    const foreign = await call(t.app, 'GET', `/api/v1/hitl-approvals/${approval.id}`, {
      token: stranger.token,
    });
    expect(foreign.status).toBe(404);
    const list = await call<{ items: { id: string; status: string }[]; total: number }>(
      t.app,
      'GET',
      `/api/v1/hitl-approvals?execution_id=${execution.id}&status=rejected`,
      { token: owner.token },
    );
    expect(list.body.items.map((i) => [i.id, i.status])).toEqual([[approval.id, 'rejected']]);
  });
});
