import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTasks } from '../../src/db/schema/index.js';
import { call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import {
  type AgentsTestApp,
  agentDefinition,
  agentsApp,
  claim,
  heartbeat,
  registerRobot,
  report,
  waitForTasks,
} from './helpers.js';

let t: AgentsTestApp;
beforeAll(async () => {
  t = await agentsApp();
});
afterAll(() => t?.close());

async function queued(config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const owner = await registerAccount(t.app, 'claims');
  const workflowId = await seedPublishedWorkflow(t, owner, agentDefinition(config, extra));
  const execution = await launch(t, owner, workflowId, { order: 'B-7' });
  const [task] = await waitForTasks(t, execution.id, (rows) => rows.some((r) => r.status === 'pending'));
  if (!task) throw new Error('no task');
  return { owner, workflowId, execution, task };
}

describe('claiming agent tasks', () => {
  it('hands the task to a robot whose result completes the step', async () => {
    const { owner, execution, task } = await queued();
    const robot = await registerRobot(t, owner);
    const claimed = await claim(t, robot);
    expect(claimed.status).toBe(200);
    expect(claimed.body.agent_id).toBe(robot.id);
    expect(claimed.body.task).toMatchObject({
      id: task.id,
      task_type: 'http.request',
      payload: { order: 'B-7' },
      attempt: 1,
      heartbeat_interval_seconds: 20,
    });
    expect(JSON.stringify(claimed.body)).not.toContain(task.taskTokenCiphertext);

    const done = await report(t, robot, task.id, { status: 'success', output: { invoice: 42 } });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ id: task.id, status: 'completed' });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ invoice: 42 });
    const [step] = await stepsOf(t, execution.id);
    expect(step).toMatchObject({ stepId: 'robot_work', status: 'completed', attempts: 1 });
    const [row] = await t.deps.database.db.select().from(agentTasks).where(eq(agentTasks.id, task.id));
    expect(row).toMatchObject({ status: 'completed', agentId: robot.id, result: { invoice: 42 } });

    // A second report for the same task changes nothing.
    const again = await report(t, robot, task.id, { status: 'success', output: { invoice: 43 } });
    expect(again.status).toBe(409);
  });

  it('matches required labels and capabilities against the robot', async () => {
    const { owner, task } = await queued({ labels: ['sap'], capabilities: ['excel'] });
    const plain = await registerRobot(t, owner, { name: 'plain' });
    const labelOnly = await registerRobot(t, owner, { name: 'label only', labels: ['sap'] });
    const both = await registerRobot(t, owner, {
      name: 'both',
      labels: ['sap', 'windows'],
      capabilities: ['excel'],
    });
    expect((await claim(t, plain)).body.task).toBeNull();
    expect((await claim(t, labelOnly)).body.task).toBeNull();
    expect((await claim(t, both, { task_types: ['file.read'] })).body.task).toBeNull();
    expect((await claim(t, both)).body.task?.id).toBe(task.id);
  });

  it('respects max_concurrency and refuses results from a robot that does not hold the task', async () => {
    const { owner, workflowId, task } = await queued();
    const robot = await registerRobot(t, owner, { max_concurrency: 1 });
    const other = await registerRobot(t, owner, { name: 'other' });
    expect((await claim(t, robot)).body.task?.id).toBe(task.id);

    const next = await launch(t, owner, workflowId);
    const [waiting] = await waitForTasks(t, next.id, (rows) => rows[0]?.status === 'pending');
    expect((await claim(t, robot)).body.task).toBeNull();

    const refused = await report(t, other, task.id, { status: 'success', output: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('task_not_held');
    expect((await claim(t, other)).body.task?.id).toBe(waiting?.id);
  });

  it("never shows a robot another organization's tasks", async () => {
    const { owner, task } = await queued();
    const stranger = await registerAccount(t.app, 'stranger');
    const foreignRobot = await registerRobot(t, stranger);
    expect((await claim(t, foreignRobot)).body.task).toBeNull();
    const result = await report(t, foreignRobot, task.id, { status: 'success', output: 1 });
    expect(result.status).toBe(404);
    const beat = await heartbeat(t, foreignRobot, { task_ids: [task.id] });
    expect(beat.body.cancel_task_ids).toEqual([task.id]);
    const queue = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/agent-tasks/queue', {
      token: stranger.token,
    });
    expect(queue.body.items).toEqual([]);
    const ownQueue = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/agent-tasks/queue', {
      token: owner.token,
    });
    expect(ownQueue.body.items.map((item) => item.id)).toEqual([task.id]);
  });

  it('fails the step with the robot error code, and retries when the robot says it may', async () => {
    const { owner, execution, task } = await queued(
      {},
      { retry: { max_attempts: 2, initial_interval: '100ms' } },
    );
    const robot = await registerRobot(t, owner);
    await claim(t, robot);
    const failed = await report(t, robot, task.id, {
      status: 'failure',
      error: { code: 'PORTAL_DOWN', message: 'the portal is down' },
      retryable: true,
    });
    expect(failed.body).toEqual({ id: task.id, status: 'failed' });
    const rows = await waitForTasks(t, execution.id, (r) => r.length === 2 && r[1]?.status === 'pending');
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'pending'],
    ]);
    const retry = await claim(t, robot);
    expect(retry.body.task).toMatchObject({ id: rows[1]?.id, attempt: 2 });
    await report(t, robot, rows[1]?.id as string, {
      status: 'failure',
      error: { code: 'INVOICE_MISSING', message: 'no such invoice' },
    });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    const [step] = await stepsOf(t, execution.id);
    expect(step).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'INVOICE_MISSING' } });
  });

  it('keeps a queued task alive while robots poll, even robots that cannot take it', async () => {
    const { owner, execution, task } = await queued(
      { labels: ['rare'], heartbeat_timeout: '3s' },
      { retry: { max_attempts: 5, initial_interval: '100ms' } },
    );
    const unfit = await registerRobot(t, owner, { name: 'unfit' });
    // Three heartbeat timeouts of polling: without the keep-alive the attempt would time out and retry.
    expect((await claim(t, unfit, { wait_seconds: 10 })).body.task).toBeNull();
    const rows = await waitForTasks(t, execution.id, () => true);
    expect(rows.map((r) => [r.attempt, r.status])).toEqual([[1, 'pending']]);
    const fit = await registerRobot(t, owner, { name: 'fit', labels: ['rare'] });
    expect((await claim(t, fit)).body.task).toMatchObject({ id: task.id, attempt: 1 });
  });

  it('hands back a task its robot stops naming in heartbeats, as a retryable failure', async () => {
    const { owner, execution, task } = await queued(
      {},
      { retry: { max_attempts: 2, initial_interval: '100ms' } },
    );
    const robot = await registerRobot(t, owner);
    await claim(t, robot);
    expect((await heartbeat(t, robot, { task_ids: [task.id] })).body.cancel_task_ids).toEqual([]);
    // Just claimed and not named yet (the claim answer may still be on its way): kept.
    expect((await heartbeat(t, robot, { task_ids: [] })).status).toBe(200);
    expect((await waitForTasks(t, execution.id, () => true))[0]?.status).toBe('claimed');
    // Claimed a while ago and still not named: the robot restarted and lost it.
    await t.deps.database.db
      .update(agentTasks)
      .set({ claimedAt: new Date(Date.now() - 60_000) })
      .where(eq(agentTasks.id, task.id));
    expect((await heartbeat(t, robot, { task_ids: [] })).status).toBe(200);
    const rows = await waitForTasks(t, execution.id, (r) => r.length === 2);
    expect(rows.map((r) => [r.attempt, r.status, r.error?.code ?? null])).toEqual([
      [1, 'failed', 'ROBOT_LOST_TASK'],
      [2, 'pending', null],
    ]);
  });

  it('long-polls: a claim waiting for work gets a task queued while it waits', async () => {
    const owner = await registerAccount(t.app, 'claims-poll');
    const robot = await registerRobot(t, owner);
    const workflowId = await seedPublishedWorkflow(t, owner, agentDefinition());
    const waiting = claim(t, robot, { wait_seconds: 15 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const execution = await launch(t, owner, workflowId);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.task).toMatchObject({ execution_id: execution.id, task_type: 'http.request' });
    const tooLong = await claim(t, robot, { wait_seconds: 21 });
    expect(tooLong.status).toBe(400);
  });
});

describe('watching the queue', () => {
  it('lists the queue oldest first with filters and cursors, and what each robot holds', async () => {
    const owner = await registerAccount(t.app, 'claims-queue');
    const workflowId = await seedPublishedWorkflow(t, owner, agentDefinition());
    const fileWorkflowId = await seedPublishedWorkflow(t, owner, agentDefinition({ task_type: 'file.read' }));
    const launched = [];
    for (const id of [workflowId, workflowId, fileWorkflowId]) {
      const execution = await launch(t, owner, id);
      await waitForTasks(t, execution.id, (rows) => rows.length === 1);
      launched.push(execution.id);
    }
    type Page = {
      items: { execution_id: string; status: string }[];
      total: number;
      next_cursor: string | null;
    };
    const list = (query: string) =>
      call<Page>(t.app, 'GET', `/api/v1/agent-tasks/queue${query}`, { token: owner.token });

    const first = await list('?page_size=2');
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((item) => item.execution_id)).toEqual(launched.slice(0, 2));
    const second = await list(`?page_size=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items.map((item) => item.execution_id)).toEqual(launched.slice(2));
    expect(second.body.next_cursor).toBeNull();
    expect((await list('?task_type=file.read')).body.items.map((item) => item.execution_id)).toEqual([
      launched[2],
    ]);
    expect((await list('?cursor=not-a-cursor')).status).toBe(400);

    const robot = await registerRobot(t, owner, { max_concurrency: 2 });
    const claimed = await claim(t, robot);
    expect(claimed.body.task?.execution_id).toBe(launched[0]);
    expect((await list('?status=claimed')).body.items.map((item) => item.execution_id)).toEqual([
      launched[0],
    ]);
    expect((await list('')).body.total).toBe(2);

    const assigned = await call<Page>(t.app, 'GET', `/api/v1/agent-tasks/assigned/${robot.id}`, {
      token: owner.token,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.items).toMatchObject([{ execution_id: launched[0], status: 'claimed' }]);
    const agent = await call(t.app, 'GET', `/api/v1/agents/${robot.id}`, { token: owner.token });
    expect(agent.body.tasks_in_hand).toBe(1);
    expect(
      (await call(t.app, 'GET', '/api/v1/agent-tasks/assigned/agt_missing', { token: owner.token })).status,
    ).toBe(404);

    await report(t, robot, claimed.body.task?.id as string, { status: 'success', output: { ok: true } });
    await waitForOutcome(t, launched[0] as string);
    const stats = await call<{
      tasks_done: number;
      mean_task_seconds: number | null;
      tasks: { pending: number };
    }>(t.app, 'GET', '/api/v1/agents/stats', { token: owner.token });
    expect(stats.body.tasks_done).toBe(1);
    expect(stats.body.tasks.pending).toBe(2);
    expect(stats.body.mean_task_seconds).toBeGreaterThanOrEqual(0);
    for (const id of launched.slice(1)) {
      await call(t.app, 'POST', `/api/v1/executions/${id}/cancel`, { token: owner.token });
    }
    // Cancelled runs take their queued tasks with them.
    await Promise.all(
      launched.slice(1).map((id) => waitForTasks(t, id, (rows) => rows[0]?.status === 'cancelled')),
    );
    expect((await list('')).body.total).toBe(0);
  });
});
