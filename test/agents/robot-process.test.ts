import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { agentTasks } from '../../src/db/schema/index.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { freePort, type RunningProcess, runEntryPoint } from '../harness/processes.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import {
  type AgentsTestApp,
  agentsApp,
  claim,
  type Robot,
  registerRobot,
  report,
  waitForTasks,
} from './helpers.js';

/** The reference robot as its own process (`npm run robot`), against the API over a real socket. */
let t: AgentsTestApp;
let api: RunningApi;
let standIn: StandIn;
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-robot-'));
const running: RunningProcess[] = [];

beforeAll(async () => {
  t = await agentsApp();
  api = await serveApi(t.app, '127.0.0.1', await freePort());
  standIn = await startHttpStandIn();
});
afterAll(async () => {
  for (const process of running) killTree(process);
  await api?.close();
  await standIn?.close();
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function startRobot(
  robot: Robot,
  env: Record<string, string> = {},
): { process: RunningProcess; workDir: string } {
  const workDir = mkdtempSync(join(scratch, 'work-'));
  const process = runEntryPoint('src/robot/main.ts', {
    CONVEYOR_URL: api.url,
    CONVEYOR_ROBOT_TOKEN: robot.token,
    ROBOT_WORK_DIR: workDir,
    ROBOT_HEARTBEAT_SECONDS: '1',
    ROBOT_WAIT_SECONDS: '2',
    ...env,
  });
  running.push(process);
  // What the robot said is the first thing to read when a test of it fails.
  onTestFailed(() => console.log(`robot output:\n${process.output()}`));
  return { process, workDir };
}

/** kill -9 of the robot itself: tsx runs it in a child process, which a SIGKILL to tsx would orphan. */
function killTree(process: RunningProcess): void {
  const kill = (pid: number) => {
    for (const child of childrenOf(pid)) kill(child);
    try {
      globalThis.process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  if (process.child.pid && process.child.exitCode === null) kill(process.child.pid);
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

async function runWorkflow(owner: Account, steps: unknown[], input: Record<string, unknown> = {}) {
  const workflowId = await seedPublishedWorkflow(t, owner, {
    variables: { order: { type: 'string', default: 'A-1' } },
    steps,
  });
  return launch(t, owner, workflowId, input);
}

describe('the reference robot process', () => {
  it('completes a workflow of agent steps: an HTTP call, files in its work directory and a command', async () => {
    standIn.on('/invoices/A-42', () => ({ status: 200, body: { total: 1250, currency: 'EUR' } }));
    const owner = await registerAccount(t.app, 'robot-e2e');
    const robot = await registerRobot(t, owner, { name: 'e2e robot' });
    const { process, workDir } = startRobot(robot, { ROBOT_ALLOW_COMMANDS: 'echo' });
    await process.waitFor(/robot online/);

    const execution = await runWorkflow(
      owner,
      [
        {
          id: 'fetch',
          type: 'agent',
          config: {
            task_type: 'http.request',
            payload: { url: `${standIn.url}/invoices/{{ input.order }}` },
          },
        },
        {
          id: 'save',
          type: 'agent',
          config: {
            task_type: 'file.write',
            payload: {
              path: 'invoices/{{ input.order }}.json',
              content: '{{ $string(steps.fetch.output.body) }}',
            },
          },
        },
        {
          id: 'load',
          type: 'agent',
          config: { task_type: 'file.read', payload: { path: '{{ steps.save.output.path }}' } },
        },
        {
          id: 'announce',
          type: 'agent',
          config: {
            task_type: 'command.run',
            payload: { command: 'echo', args: ['saved', '{{ steps.load.output.path }}; rm -rf /'] },
          },
        },
      ],
      { order: 'A-42' },
    );
    const outcome = await waitForOutcome(t, execution.id, 30_000);
    expect(outcome.status, process.output()).toBe('completed');
    expect(outcome.output).toMatchObject({ exit_code: 0, stdout: 'saved invoices/A-42.json; rm -rf /\n' });

    expect(standIn.requests.filter((r) => r.path === '/invoices/A-42')).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(workDir, 'invoices/A-42.json'), 'utf8'))).toEqual({
      total: 1250,
      currency: 'EUR',
    });
    const steps = await stepsOf(t, execution.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['fetch', 'completed'],
      ['save', 'completed'],
      ['load', 'completed'],
      ['announce', 'completed'],
    ]);
    expect(steps[2]?.output).toMatchObject({ content: '{"total":1250,"currency":"EUR"}' });
    const rows = await t.deps.database.db
      .select()
      .from(agentTasks)
      .where(eq(agentTasks.executionId, execution.id));
    expect(rows.map((r) => [r.status, r.agentId])).toEqual(rows.map(() => ['completed', robot.id]));

    const seen = await call(t.app, 'GET', `/api/v1/agents/${robot.id}`, { token: owner.token });
    expect(seen.body).toMatchObject({ status: 'online', version: '0.1.0', host: { platform: 'linux' } });

    // Rotating the token locks the running robot out at once: it stops, saying why.
    await call(t.app, 'POST', `/api/v1/agents/${robot.id}/rotate-token`, { token: owner.token });
    expect(await process.exited).toBe(3);
    expect(process.output()).toMatch(/the server refused this robot/);
  });

  it('re-queues the task of a robot killed after claiming; another robot finishes it, the late result gets 409', async () => {
    const owner = await registerAccount(t.app, 'robot-killed');
    const doomed = await registerRobot(t, owner, { name: 'doomed' });
    const { process } = startRobot(doomed, { ROBOT_ALLOW_COMMANDS: 'sleep' });
    await process.waitFor(/robot online/);
    const execution = await runWorkflow(owner, [
      {
        id: 'slow',
        type: 'agent',
        config: {
          task_type: 'command.run',
          payload: { command: 'sleep', args: ['30'] },
          heartbeat_timeout: '3s',
        },
        retry: { max_attempts: 3, initial_interval: '100ms' },
      },
    ]);
    await process.waitFor(/claimed task/);
    const [first] = await waitForTasks(t, execution.id, (rows) => rows[0]?.status === 'claimed');
    killTree(process);
    await process.exited;

    const rescuer = await registerRobot(t, owner, { name: 'rescuer' });
    const rescued = await claim(t, rescuer, { wait_seconds: 20 });
    expect(rescued.body.task).toMatchObject({ attempt: 2, task_type: 'command.run' });
    const rescuedId = rescued.body.task?.id as string;
    expect(rescuedId).not.toBe(first?.id);
    expect(
      (await report(t, rescuer, rescuedId, { status: 'success', output: { rescued: true } })).status,
    ).toBe(200);

    const late = await report(t, doomed, first?.id as string, { status: 'success', output: { late: true } });
    expect(late.status).toBe(409);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ rescued: true });
    const rows = await waitForTasks(t, execution.id, (r) => r.length === 2);
    expect(rows.map((r) => [r.attempt, r.status, r.agentId])).toEqual([
      [1, 'timed_out', doomed.id],
      [2, 'completed', rescuer.id],
    ]);
  });

  it('stops a task when its execution is cancelled: the robot learns it from its next heartbeat', async () => {
    const owner = await registerAccount(t.app, 'robot-cancel');
    const robot = await registerRobot(t, owner);
    const { process } = startRobot(robot, { ROBOT_ALLOW_COMMANDS: 'sleep' });
    await process.waitFor(/robot online/);
    const execution = await runWorkflow(owner, [
      {
        id: 'slow',
        type: 'agent',
        config: { task_type: 'command.run', payload: { command: 'sleep', args: ['30'] } },
      },
    ]);
    await process.waitFor(/claimed task/);
    const [task] = await waitForTasks(t, execution.id, (rows) => rows[0]?.status === 'claimed');

    const cancelled = await call(t.app, 'POST', `/api/v1/executions/${execution.id}/cancel`, {
      token: owner.token,
    });
    expect([200, 202]).toContain(cancelled.status);
    await process.waitFor(new RegExp(`server cancelled task task_id=${task?.id}`), 15_000);
    await process.waitFor(new RegExp(`cancelled task task_id=${task?.id}`), 15_000);
    expect((await waitForOutcome(t, execution.id)).status).toBe('cancelled');
    const [row] = await waitForTasks(t, execution.id, (rows) => rows[0]?.status === 'cancelled');
    expect(row?.cancelRequested).toBe(true);
    expect(process.output()).not.toMatch(/completed task/);

    expect(await process.stop('SIGTERM')).toBe(0);
    expect(process.output()).toMatch(/robot stopped/);
  });

  it('hands its running task back as a retryable failure when stopped twice, and exits 0', async () => {
    const owner = await registerAccount(t.app, 'robot-stop');
    const robot = await registerRobot(t, owner);
    const { process } = startRobot(robot, { ROBOT_ALLOW_COMMANDS: 'sleep' });
    await process.waitFor(/robot online/);
    const execution = await runWorkflow(owner, [
      {
        id: 'slow',
        type: 'agent',
        config: { task_type: 'command.run', payload: { command: 'sleep', args: ['30'] } },
        retry: { max_attempts: 2, initial_interval: '100ms' },
      },
    ]);
    await process.waitFor(/claimed task/);
    process.child.kill('SIGTERM');
    await process.waitFor(/stopping after the tasks in hand/);
    process.child.kill('SIGTERM');
    expect(await process.exited).toBe(0);
    expect(process.output()).toMatch(/failed task \(ROBOT_SHUTDOWN\)/);

    const rows = await waitForTasks(t, execution.id, (r) => r.length === 2);
    expect(rows.map((r) => [r.attempt, r.status, r.error?.code ?? null])).toEqual([
      [1, 'failed', 'ROBOT_SHUTDOWN'],
      [2, 'pending', null],
    ]);
    await call(t.app, 'POST', `/api/v1/executions/${execution.id}/cancel`, { token: owner.token });
  });
});
