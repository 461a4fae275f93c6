import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EffectsServer, startEffectsServer } from './support/effects-server.js';
import { type FaultStack, faultSuiteCanRun, startFaultStack } from './support/fault-stack.js';
import { terminateGracefully } from './support/process-tree.js';
import { apiOutcome, executeOrThrow, expectAllRunsCompleted, publishWorkflow } from './support/runs.js';

/** Workers die (kill -9) or are restarted (SIGTERM) while runs are in flight. */
let stack: FaultStack;
let effects: EffectsServer;

beforeAll(async () => {
  if (!faultSuiteCanRun()) return;
  [stack, effects] = await Promise.all([startFaultStack('workers'), startEffectsServer()]);
  await stack.startApi();
});
afterEach(({ task }) => {
  if (task.result?.state === 'fail') stack?.printOutputs();
});
afterAll(async () => {
  await stack?.close();
  await effects?.close();
});

const STEPS = ['charge', 'ship', 'notify'] as const;

/**
 * Three side effects in a row. With a short timeout the steps run as local activities: a call cut
 * by a dead worker runs again when its workflow task times out (10 s) on the next worker, under
 * the same Idempotency-Key.
 */
function sideEffectsDefinition(effectsUrl: string, between?: (n: number) => unknown) {
  const call = (id: string) => ({
    id,
    type: 'http',
    config: { method: 'POST', url: `${effectsUrl}/effects/${id}`, body: { order: '{{ input.order }}' } },
    timeout: '4s',
    retry: { max_attempts: 20, initial_interval: '200ms', max_interval: '1s' },
  });
  return {
    variables: { order: { type: 'string' } },
    steps: [
      call('charge'),
      ...(between ? [between(1)] : []),
      call('ship'),
      ...(between ? [between(2)] : []),
      call('notify'),
      {
        id: 'receipt',
        type: 'transform',
        config: {
          expression:
            '{"charge": steps.charge.output.body.sequence, "ship": steps.ship.output.body.sequence, "notify": steps.notify.output.body.sequence}',
        },
      },
    ],
  };
}

/** Every run applied each of its side effects exactly once, under the stable key `<run>:<step>`. */
function expectEachEffectAppliedOnce(executionIds: string[]) {
  const expected = executionIds.flatMap((id) => STEPS.map((step) => `${id}:${step}`));
  expect(
    [...effects.applied.keys()].filter((key) => executionIds.some((id) => key.startsWith(`${id}:`))).sort(),
  ).toEqual(expected.sort());
  expect(effects.withoutKey()).toBe(0);
}

describe.skipIf(!faultSuiteCanRun())('worker crashes', () => {
  it('a worker killed with SIGKILL mid-activity, twice: every run completes and each side effect is applied once', async () => {
    const owner = await stack.register('sigkill');
    const workflowId = await publishWorkflow(stack, owner, sideEffectsDefinition(effects.url), 'kill -9');
    let worker = await stack.startWorker();
    // Each first call is answered only after 3 s: long enough to be cut, shorter than the timeout.
    effects.holdFirstRequestsFor(3000);
    const runs = 6;
    const executionIds = await Promise.all(
      Array.from({ length: runs }, (_, i) =>
        executeOrThrow(stack, owner, workflowId, { input: { order: `K-${i}` } }),
      ),
    );
    const ofThese = (step: string) => executionIds.map((id) => `${id}:${step}`);
    const arrived = (step: string) => ofThese(step).every((key) => effects.received.has(key));

    // First crash: every run is inside its `charge` call.
    await effects.waitUntil(() => arrived('charge'), 'every run is calling charge');
    expect(effects.held()).toBeGreaterThan(0);
    await stack.kill(worker);
    worker = await stack.startWorker();
    // Second crash, on a worker that picked the runs up from history: inside `ship`.
    await effects.waitUntil(() => arrived('ship'), 'every run is calling ship');
    await stack.kill(worker);
    await stack.startWorker();

    for (const id of executionIds) {
      const outcome = await apiOutcome(stack, owner, id);
      expect(outcome.status).toBe('completed');
      // The receipt holds what the customer API answered the first time, not a second effect.
      expect(outcome.output).toEqual({
        charge: effects.applied.get(`${id}:charge`)?.sequence,
        ship: effects.applied.get(`${id}:ship`)?.sequence,
        notify: effects.applied.get(`${id}:notify`)?.sequence,
      });
    }
    expectEachEffectAppliedOnce(executionIds);
    // The crashes really cut calls: the cut ones came back, with the same key, on the new worker.
    const retried = [...ofThese('charge'), ...ofThese('ship')].filter(
      (key) => (effects.received.get(key) ?? 0) > 1,
    );
    expect(retried.length).toBeGreaterThan(0);
    await expectAllRunsCompleted(stack, owner.orgId, runs);
    effects.holdFirstRequestsFor(0);
    for (const running of stack.workers()) await stack.kill(running);
  });

  it('workers restarted one after another with SIGTERM under load: all runs complete, none time out', async () => {
    const owner = await stack.register('sigterm');
    const pause = (n: number) => ({ id: `pause_${n}`, type: 'delay', config: { duration: '1s' } });
    const workflowId = await publishWorkflow(
      stack,
      owner,
      sideEffectsDefinition(effects.url, pause),
      'rolling',
    );
    const pool = await Promise.all([stack.startWorker(), stack.startWorker()]);
    const executionIds: string[] = [];
    let launching = true;
    let order = 0;
    // Load: runs keep arriving while workers restart.
    const launcher = (async () => {
      while (launching && executionIds.length < 60) {
        const batch = await Promise.all(
          Array.from({ length: 2 }, () =>
            executeOrThrow(stack, owner, workflowId, { input: { order: `T-${order++}` } }),
          ),
        );
        executionIds.push(...batch);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();

    const restarts = 3;
    const exitCodes: (number | null)[] = [];
    for (let i = 0; i < restarts; i++) {
      const oldest = pool.shift();
      if (!oldest) throw new Error('no worker to restart');
      // A graceful stop: the worker drains what it holds and exits 0.
      exitCodes.push(await terminateGracefully(oldest));
      pool.push(await stack.startWorker());
    }
    launching = false;
    await launcher;

    expect(exitCodes).toEqual(Array(restarts).fill(0));
    expect(executionIds.length).toBeGreaterThanOrEqual(8);
    for (const id of executionIds) {
      expect((await apiOutcome(stack, owner, id)).status).toBe('completed');
    }
    expectEachEffectAppliedOnce(executionIds);
    await expectAllRunsCompleted(stack, owner.orgId, executionIds.length);
    for (const running of pool) await terminateGracefully(running);
  });
});
