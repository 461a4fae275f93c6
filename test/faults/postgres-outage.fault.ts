import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EffectsServer, startEffectsServer } from './support/effects-server.js';
import { type FaultStack, faultSuiteCanRun, startFaultStack } from './support/fault-stack.js';
import { isPostgresRunning, startPostgres, stopPostgres } from './support/postgres-cluster.js';
import {
  apiOutcome,
  execute,
  executeOrThrow,
  expectAllRunsCompleted,
  publishWorkflow,
} from './support/runs.js';

/** PostgreSQL stops while runs are in flight, and starts again. */
let stack: FaultStack;
let effects: EffectsServer;

beforeAll(async () => {
  if (!faultSuiteCanRun()) return;
  [stack, effects] = await Promise.all([startFaultStack('postgres'), startEffectsServer()]);
  await Promise.all([stack.startApi(), stack.startWorker()]);
});
afterEach(({ task }) => {
  if (task.result?.state === 'fail') stack?.printOutputs();
});
afterAll(async () => {
  // The cluster is the whole suite's: never leave it stopped for the next file.
  if (stack && !(await isPostgresRunning(stack.cluster))) await startPostgres(stack.cluster);
  await stack?.close();
  await effects?.close();
});

interface ExecutionBody {
  status: string;
  steps: { step_id: string; status: string }[];
}

describe.skipIf(!faultSuiteCanRun())('PostgreSQL stopped and started', () => {
  it('answers 503 meanwhile, never crashes, and loses no accepted record', async () => {
    const owner = await stack.register('pg-outage');
    const call = (id: string) => ({
      id,
      type: 'http',
      config: { method: 'POST', url: `${effects.url}/effects/${id}` },
      retry: { max_attempts: 10, initial_interval: '200ms' },
    });
    const workflowId = await publishWorkflow(
      stack,
      owner,
      { steps: [call('before'), { id: 'wait', type: 'delay', config: { duration: '2s' } }, call('after')] },
      'runs through an outage',
    );
    const runs = 5;
    const executionIds = await Promise.all(
      Array.from({ length: runs }, () => executeOrThrow(stack, owner, workflowId)),
    );
    await effects.waitUntil(
      () => executionIds.every((id) => effects.applied.has(`${id}:before`)),
      'every run made its first call',
    );
    const api = stack.api();
    const worker = stack.workers()[0];

    await stopPostgres(stack.cluster);
    try {
      // The runs go on in Temporal; their records cannot be written until the database is back.
      await effects.waitUntil(
        () => executionIds.every((id) => effects.applied.has(`${id}:after`)),
        'every run made its last call during the outage',
      );
      const health = await stack.http('GET', '/api/health/health');
      expect(health.status).toBe(503);
      // Soft: the rest of the scenario (nothing lost) is worth reporting even when these are wrong.
      const start = await execute(stack, owner, workflowId);
      expect.soft(start.status, JSON.stringify(start.body)).toBe(503);
      const list = await stack.http('GET', '/api/v1/executions', { token: owner.token });
      expect.soft(list.status, JSON.stringify(list.body)).toBe(503);
      expect(api.child.exitCode).toBeNull();
      expect(worker?.child.exitCode).toBeNull();
    } finally {
      await startPostgres(stack.cluster);
    }

    // The same API process serves again without a restart.
    let recovered: Awaited<ReturnType<typeof execute>> | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      recovered = await execute(stack, owner, workflowId).catch(() => undefined);
      if (recovered?.status === 202) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(recovered?.status).toBe(202);
    executionIds.push(recovered?.body.execution_id as string);

    for (const id of executionIds) {
      const outcome = (await apiOutcome(stack, owner, id)) as unknown as ExecutionBody;
      expect(outcome.status).toBe('completed');
      // Step records written while the database was away arrive late, but they arrive.
      expect(
        outcome.steps.map((step) => [step.step_id, step.status]),
        id,
      ).toEqual([
        ['before', 'completed'],
        ['wait', 'completed'],
        ['after', 'completed'],
      ]);
    }
    expect(api.child.exitCode).toBeNull();
    expect(worker?.child.exitCode).toBeNull();
    await expectAllRunsCompleted(stack, owner.orgId, runs + 1);
  });
});
