// Default import: @temporalio/proto is CommonJS, and Node's ESM loader sees no named exports in it.
import proto from '@temporalio/proto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EffectsServer, startEffectsServer } from './support/effects-server.js';
import { type FaultStack, faultSuiteCanRun, startFaultStack } from './support/fault-stack.js';
import {
  apiOutcome,
  execute,
  executeOrThrow,
  expectAllRunsCompleted,
  publishWorkflow,
} from './support/runs.js';

/** The Temporal dev server stops mid-run and starts again on its database file. */
let stack: FaultStack;
let effects: EffectsServer;

beforeAll(async () => {
  if (!faultSuiteCanRun()) return;
  [stack, effects] = await Promise.all([startFaultStack('temporal'), startEffectsServer()]);
  await Promise.all([stack.startApi(), stack.startWorker()]);
});
afterEach(({ task }) => {
  if (task.result?.state === 'fail') stack?.printOutputs();
});
afterAll(async () => {
  await stack?.close();
  await effects?.close();
});

const EventType = proto.temporal.api.enums.v1.EventType;
const TIMER_MS = 4000;

async function eventCounts(executionId: string) {
  const history = await stack.temporal.client.workflow.getHandle(executionId).fetchHistory();
  const count = (type: proto.temporal.api.enums.v1.EventType) =>
    (history.events ?? []).filter((event) => event.eventType === type).length;
  return {
    timersStarted: count(EventType.EVENT_TYPE_TIMER_STARTED),
    timersFired: count(EventType.EVENT_TYPE_TIMER_FIRED),
  };
}

describe.skipIf(!faultSuiteCanRun())('the Temporal dev server restarted on its database file', () => {
  it('resumes the runs, fires each timer once, answers 503 while down and recovers by itself', async () => {
    const owner = await stack.register('temporal-restart');
    const call = (id: string) => ({
      id,
      type: 'http',
      config: { method: 'POST', url: `${effects.url}/effects/${id}` },
      timeout: '5s',
      retry: { max_attempts: 20, initial_interval: '200ms', max_interval: '2s' },
    });
    const workflowId = await publishWorkflow(
      stack,
      owner,
      {
        steps: [
          call('before'),
          { id: 'wait', type: 'delay', config: { duration: `${TIMER_MS}ms` } },
          call('after'),
        ],
      },
      'timer across a restart',
    );
    const runs = 5;
    const executionIds = await Promise.all(
      Array.from({ length: runs }, () => executeOrThrow(stack, owner, workflowId)),
    );
    // Every run is asleep on its timer when the server goes away.
    await effects.waitUntil(
      () => executionIds.every((id) => effects.applied.has(`${id}:before`)),
      'every run made its first call',
    );
    const api = stack.api();
    const worker = stack.workers()[0];
    await stack.temporalServer.stop();
    const downSince = Date.now();

    // While it is down the API says so, with 503, for a start and for its health. Soft: the rest
    // of the scenario (resuming, timers) is worth reporting even when this is wrong.
    const refused = await execute(stack, owner, workflowId, { idempotencyKey: `while-down-${Date.now()}` });
    expect.soft(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect.soft((await stack.http('GET', '/api/health/health')).status).toBe(503);
    // Down for longer than the timers had left, so they come due while nobody can fire them.
    const stillToWait = TIMER_MS + 1000 - (Date.now() - downSince);
    if (stillToWait > 0) await new Promise((resolve) => setTimeout(resolve, stillToWait));
    expect(executionIds.every((id) => !effects.applied.has(`${id}:after`))).toBe(true);

    await stack.temporalServer.start();
    // The same API process, never restarted, starts runs again once the server is back.
    let recovered: Awaited<ReturnType<typeof execute>> | undefined;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      recovered = await execute(stack, owner, workflowId).catch(() => undefined);
      if (recovered?.status === 202) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(recovered?.status).toBe(202);
    executionIds.push(recovered?.body.execution_id as string);
    expect(api.child.exitCode).toBeNull();
    expect(worker?.child.exitCode).toBeNull();

    for (const id of executionIds) {
      expect((await apiOutcome(stack, owner, id)).status).toBe('completed');
      expect(await eventCounts(id)).toEqual({ timersStarted: 1, timersFired: 1 });
      expect(effects.applied.has(`${id}:after`)).toBe(true);
    }
    const afterCalls = [...effects.applied.keys()].filter((key) => key.endsWith(':after'));
    expect(afterCalls.sort()).toEqual(executionIds.map((id) => `${id}:after`).sort());
    await expectAllRunsCompleted(stack, owner.orgId, runs + 1);
  });
});
