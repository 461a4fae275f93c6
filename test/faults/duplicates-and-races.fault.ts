import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, runEntryPoint } from '../harness/processes.js';
import { nowSeconds, sign } from '../triggers/helpers.js';
import { type FaultStack, faultSuiteCanRun, startFaultStack } from './support/fault-stack.js';
import { addMember } from './support/members.js';
import { killTree } from './support/process-tree.js';
import { apiOutcome, executeOrThrow, expectAllRunsCompleted, publishWorkflow } from './support/runs.js';

/** Robots that die, webhooks delivered over and over, decisions that race: one run each time. */
let stack: FaultStack;
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-fault-robots-'));
const robots: RunningProcess[] = [];

beforeAll(async () => {
  if (!faultSuiteCanRun()) return;
  stack = await startFaultStack('races');
  await Promise.all([stack.startApi(), stack.startWorker()]);
});
afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  stack?.printOutputs();
  for (const robot of robots) console.log(`--- robot output:\n${robot.output()}`);
});
afterAll(async () => {
  for (const robot of robots) await killTree(robot);
  await stack?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function registerRobot(owner: { token: string }, name: string) {
  const answer = await stack.http<{ id: string; token: string }>('POST', '/api/v1/agents', {
    token: owner.token,
    body: { kind: 'robot', name },
  });
  if (answer.status !== 201)
    throw new Error(`register robot: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe.skipIf(!faultSuiteCanRun())('duplicates and races', () => {
  it('a robot killed after claiming: the task is re-queued, finished elsewhere, and the late result gets 409', async () => {
    const owner = await stack.register('robot-kill');
    const doomed = await registerRobot(owner, 'doomed');
    const robot = runEntryPoint('src/robot/main.ts', {
      CONVEYOR_URL: stack.apiUrl,
      CONVEYOR_ROBOT_TOKEN: doomed.token,
      ROBOT_WORK_DIR: mkdtempSync(join(scratch, 'work-')),
      ROBOT_HEARTBEAT_SECONDS: '1',
      ROBOT_WAIT_SECONDS: '2',
      ROBOT_ALLOW_COMMANDS: 'sleep',
    });
    robots.push(robot);
    await robot.waitFor(/robot online/, 60_000);
    const workflowId = await publishWorkflow(
      stack,
      owner,
      {
        steps: [
          {
            id: 'slow',
            type: 'agent',
            config: {
              task_type: 'command.run',
              payload: { command: 'sleep', args: ['60'] },
              heartbeat_timeout: '3s',
            },
            retry: { max_attempts: 3, initial_interval: '100ms' },
          },
        ],
      },
      'robot work',
    );
    const executionId = await executeOrThrow(stack, owner, workflowId);
    await robot.waitFor(/claimed task task_id=/, 60_000);
    const claimedId = /claimed task task_id=(\S+)/.exec(robot.output())?.[1] as string;
    await killTree(robot);

    const rescuer = await registerRobot(owner, 'rescuer');
    // The re-queued attempt appears once the heartbeat timeout (3 s) has passed: one long poll.
    const rescued = await stack.http<{ task: { id: string; attempt: number } | null }>(
      'POST',
      '/api/v1/agent-tasks/claim',
      { token: rescuer.token, body: { wait_seconds: 20 } },
    );
    expect(rescued.body.task, JSON.stringify(rescued)).toMatchObject({ attempt: 2 });
    const rescuedId = rescued.body.task?.id as string;
    expect(rescuedId).not.toBe(claimedId);
    const finished = await stack.http('POST', `/api/v1/agent-tasks/${rescuedId}/result`, {
      token: rescuer.token,
      body: { status: 'success', output: { rescued: true } },
    });
    expect(finished.status).toBe(200);
    const late = await stack.http('POST', `/api/v1/agent-tasks/${claimedId}/result`, {
      token: doomed.token,
      body: { status: 'success', output: { late: true } },
    });
    expect(late.status).toBe(409);

    const outcome = await apiOutcome(stack, owner, executionId);
    expect(outcome).toMatchObject({ status: 'completed', output: { rescued: true } });
    await expectAllRunsCompleted(stack, owner.orgId, 1);
  });

  it('ten duplicate webhook deliveries, and ten more after the API is killed and restarted: one run', async () => {
    const owner = await stack.register('webhook-dupes');
    const workflowId = await publishWorkflow(
      stack,
      owner,
      {
        variables: { customer: { type: 'string' } },
        steps: [{ id: 'echo', type: 'transform', config: { expression: '{"customer": input.customer}' } }],
      },
      'webhook echo',
    );
    const created = await stack.http<{ webhook: { url_path: string; secret: string } }>(
      'POST',
      '/api/v1/triggers',
      {
        token: owner.token,
        body: {
          name: 'orders',
          type: 'webhook',
          workflow_id: workflowId,
          mappings: { customer: 'payload.customer' },
        },
      },
    );
    expect(created.status).toBe(201);
    const { url_path: path, secret } = created.body.webhook;
    const id = `msg_fault_${Date.now()}`;
    const timestamp = nowSeconds();
    const body = JSON.stringify({ customer: 'ada' });
    const deliver = () =>
      stack.http<{ execution_id: string; duplicate: boolean }>('POST', path, {
        body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(secret, id, timestamp, body),
        },
      });
    const burst = () => Promise.all(Array.from({ length: 10 }, deliver));

    const first = await burst();
    expect(first.map((a) => a.status)).toEqual(Array(10).fill(202));
    await stack.kill(stack.api());
    await stack.startApi();
    const second = await burst();
    expect(second.map((a) => a.status)).toEqual(Array(10).fill(202));

    const answers = [...first, ...second];
    const executionIds = new Set(answers.map((a) => a.body.execution_id));
    expect(executionIds.size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const [executionId] = [...executionIds] as [string];
    expect(await apiOutcome(stack, owner, executionId)).toMatchObject({
      status: 'completed',
      output: { customer: 'ada' },
    });
    await expectAllRunsCompleted(stack, owner.orgId, 1);
  });

  it('approve and reject raced on several runs at once: exactly one decision wins each', async () => {
    const owner = await stack.register('approval-race');
    const [alice, bob] = await Promise.all([
      addMember(stack, owner, ['approver']),
      addMember(stack, owner, ['approver']),
    ]);
    const workflowId = await publishWorkflow(
      stack,
      owner,
      {
        steps: [
          { id: 'ok', type: 'approval', config: { message: 'Ship it?', approvers: { roles: ['approver'] } } },
          {
            id: 'after',
            type: 'transform',
            config: { expression: '{ "outcome": steps.ok.output.outcome }' },
          },
        ],
      },
      'raced approval',
    );
    const runs = 4;
    const executionIds = await Promise.all(
      Array.from({ length: runs }, () => executeOrThrow(stack, owner, workflowId)),
    );
    const approvalOf = async (executionId: string) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const listed = await stack.http<{ items: { id: string; status: string }[] }>(
          'GET',
          `/api/v1/hitl-approvals?execution_id=${executionId}`,
          { token: owner.token },
        );
        const pending = listed.body.items?.find((item) => item.status === 'pending');
        if (pending) return pending.id;
        if (Date.now() > deadline) throw new Error(`no pending approval for ${executionId}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const approvalIds = await Promise.all(executionIds.map(approvalOf));

    const decisions = await Promise.all(
      approvalIds.map((approvalId) =>
        Promise.all([
          stack.http<{ status: string; code?: string }>(
            'POST',
            `/api/v1/hitl-approvals/${approvalId}/approve`,
            {
              token: alice.token,
              body: {},
            },
          ),
          stack.http<{ status: string; code?: string }>(
            'POST',
            `/api/v1/hitl-approvals/${approvalId}/reject`,
            {
              token: bob.token,
              body: {},
            },
          ),
        ]),
      ),
    );
    for (const [index, answers] of decisions.entries()) {
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)?.body.status;
      const outcome = await apiOutcome(stack, owner, executionIds[index] as string);
      expect(outcome).toMatchObject({ status: 'completed', output: { outcome: winner } });
    }
    await expectAllRunsCompleted(stack, owner.orgId, runs);
  });
});
