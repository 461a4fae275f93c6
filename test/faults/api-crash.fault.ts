import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EffectsServer, startEffectsServer } from './support/effects-server.js';
import { type FaultStack, faultSuiteCanRun, startFaultStack } from './support/fault-stack.js';
import { apiOutcome, execute, expectAllRunsCompleted, publishWorkflow } from './support/runs.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/**
 * The API process dies in the middle of `POST /workflows/{id}/execute`. The crash is placed at an
 * exact point by a proxy between the API and PostgreSQL that kills the API when a chosen
 * statement goes by (and holds that statement back).
 */
let stack: FaultStack;
let effects: EffectsServer;
let proxy: TcpProxy;

beforeAll(async () => {
  if (!faultSuiteCanRun()) return;
  [stack, effects] = await Promise.all([startFaultStack('api'), startEffectsServer()]);
  proxy = await startTcpProxy(stack.cluster.port);
  await Promise.all([startApiThroughProxy(), stack.startWorker()]);
});
afterEach(({ task }) => {
  if (task.result?.state === 'fail') stack?.printOutputs();
});
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await effects?.close();
});

function startApiThroughProxy() {
  const url = new URL(stack.databaseUrl);
  url.port = String(proxy.port);
  return stack.startApi({ databaseUrl: url.toString() });
}

const crashPoints = [
  // The execution row is being written; nothing has reached Temporal yet.
  { when: 'before the run starts in Temporal', marker: 'insert into "executions"' },
  // The row is committed and Temporal accepted the start; its run id is not recorded yet.
  { when: 'after Temporal started the run, before its run id is recorded', marker: 'set "temporal_run_id"' },
];

describe.skipIf(!faultSuiteCanRun())('the API killed mid-request', () => {
  it.each(crashPoints)(
    '$when: retrying execute with the same Idempotency-Key yields one run',
    async ({ marker }) => {
      const owner = await stack.register('api-crash');
      const workflowId = await publishWorkflow(
        stack,
        owner,
        {
          steps: [
            {
              id: 'charge',
              type: 'http',
              config: { method: 'POST', url: `${effects.url}/effects/charge` },
              retry: { max_attempts: 5, initial_interval: '200ms' },
            },
          ],
        },
        'charge once',
      );
      const key = `order-${marker.length}-${Date.now()}`;
      const chargedBefore = new Set(effects.applied.keys());
      const api = stack.api();
      proxy.armOnce(marker, () => void stack.kill(api));

      // The client sees the connection drop: it cannot know whether the run started.
      const first = await execute(stack, owner, workflowId, { idempotencyKey: key }).catch(
        (error: Error) => error,
      );
      expect(proxy.fired()).toBe(true);
      expect(first).toBeInstanceOf(Error);
      await api.exited;

      await startApiThroughProxy();
      const retried = await execute(stack, owner, workflowId, { idempotencyKey: key });
      expect(retried.status).toBe(202);
      const again = await execute(stack, owner, workflowId, { idempotencyKey: key });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ execution_id: retried.body.execution_id, created: false });

      const executionId = retried.body.execution_id;
      expect((await apiOutcome(stack, owner, executionId)).status).toBe('completed');
      const listed = await stack.http<{ total: number; items: { id: string }[] }>(
        'GET',
        '/api/v1/executions',
        {
          token: owner.token,
        },
      );
      expect(listed.body.items.map((item) => item.id)).toEqual([executionId]);
      // One run in Temporal too: none started by the killed request lingers beside it.
      await expectAllRunsCompleted(stack, owner.orgId, 1);
      // The customer was charged once, by that run.
      expect([...effects.applied.keys()].filter((k) => !chargedBefore.has(k))).toEqual([
        `${executionId}:charge`,
      ]);
    },
  );
});
