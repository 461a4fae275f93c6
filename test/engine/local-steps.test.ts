// Short steps as local activities (interpreter revision 2): an `http` step whose timeout is at most
// 10 s runs inside the workflow task and is recorded as a marker, but keeps what makes it durable:
// its retry policy, its idempotency key, its error codes, and a history that replays.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import proto from '@temporalio/proto';
import { type InjectedSinks, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExecutionSinks } from '../../src/workflows/sinks.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';

const { EventType } = proto.temporal.api.enums.v1;

let t: TestApp;
let api: StandIn;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'engine-local-steps');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

/** What the run's history holds: event type names and the names of its markers. */
async function historyOf(executionId: string) {
  const history = await t.deps.temporal.client.workflow.getHandle(executionId).fetchHistory();
  const events = history.events ?? [];
  return {
    history,
    types: events.map((e) => String(EventType[e.eventType ?? 0]).replace(/^EVENT_TYPE_/, '')),
    markers: events.flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []),
    activities: events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
  };
}

const replaySinks: InjectedSinks<ExecutionSinks> = {
  readModel: {
    step: { fn: () => undefined, callDuringReplay: false },
    log: { fn: () => undefined, callDuringReplay: false },
  },
};

describe('short steps as local activities', () => {
  it('retries a short http step per its policy as a local activity, recorded as a marker that replays', async () => {
    api.on('/flaky-local', (_req, count) =>
      count < 3 ? { status: 503, body: { busy: true } } : { status: 200, body: { ok: count } },
    );
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'flaky',
          type: 'http',
          config: { url: `${api.url}/flaky-local` },
          timeout: '5s',
          retry: { max_attempts: 5, initial_interval: '100ms', backoff_coefficient: 2 },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toMatchObject({ status: 200, body: { ok: 3 } });

    const calls = api.requests.filter((r) => r.path === '/flaky-local');
    expect(calls.length).toBe(3);
    expect(new Set(calls.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`${execution.id}:flaky`]),
    );
    // The policy's backoff, applied by the worker between local attempts: 100 ms, then 200 ms.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(90);
    expect((calls[2]?.at ?? 0) - (calls[1]?.at ?? 0)).toBeGreaterThanOrEqual(180);
    expect((await stepsOf(t, execution.id))[0]).toMatchObject({ status: 'completed', attempts: 3 });

    const { history, markers, activities } = await historyOf(execution.id);
    // One marker for the step and one for the outcome record (also a local activity), after the
    // patch; the only activity task is the checkpoint that ends the step's workflow task.
    expect(markers).toEqual(['core_patch', 'core_local_activity', 'core_local_activity']);
    expect(activities).toEqual(['checkpointLocalSteps']);
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        sinks: replaySinks,
        replayName: 'local-steps',
      },
      history,
      execution.id,
    );
  });

  it('fails a short step with its last error code once its attempts are spent', async () => {
    api.on('/down-local', () => ({ status: 503, body: { busy: true } }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'down',
          type: 'http',
          config: { url: `${api.url}/down-local` },
          timeout: '2s',
          retry: { max_attempts: 2, initial_interval: '50ms' },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'HTTP_503', step_id: 'down' });
    expect(api.requests.filter((r) => r.path === '/down-local').length).toBe(2);
    expect((await stepsOf(t, execution.id))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await historyOf(execution.id)).markers).toContain('core_local_activity');
  });

  it('stops at once on a non-retryable status, as a regular activity would', async () => {
    api.on('/gone-local', () => ({ status: 404, body: { error: 'nope' } }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'gone',
          type: 'http',
          config: { url: `${api.url}/gone-local` },
          timeout: '5s',
          retry: { max_attempts: 5, initial_interval: '50ms' },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.error).toMatchObject({ code: 'HTTP_404', step_id: 'gone' });
    expect(api.requests.filter((r) => r.path === '/gone-local').length).toBe(1);
  });

  it('ends as cancelled, in Temporal and in the read model, when cancelled during a chain of short steps', async () => {
    // Answers after 1 s: the cancel request arrives while the local activity holds the workflow task.
    const requests: string[] = [];
    const slow = createServer((req, res) => {
      requests.push(req.url ?? '');
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 1000);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const workflowId = await seedPublishedWorkflow(t, account, {
        steps: [
          { id: 'slow', type: 'http', config: { url: `${url}/slow` }, timeout: '5s' },
          { id: 'after', type: 'http', config: { url: `${url}/after` }, timeout: '5s' },
        ],
      });
      const execution = await launch(t, account, workflowId);
      const deadline = Date.now() + 10_000;
      while (requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const handle = t.deps.temporal.client.workflow.getHandle(execution.id);
      await handle.cancel();
      const outcome = await waitForOutcome(t, execution.id);
      // The server holds the cancellation until the worker ends its workflow task, so the chain of
      // local steps runs on; the run then records its steps before closing and sees the request.
      expect(outcome.status).toBe('cancelled');
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      // Nothing ran twice: the steps' markers were kept, not dropped with a refused task.
      expect(requests).toEqual(['/slow', '/after']);
      const { types } = await historyOf(execution.id);
      expect(types).not.toContain('WORKFLOW_TASK_FAILED');
      expect(types.filter((type) => type === 'WORKFLOW_EXECUTION_CANCELED').length).toBe(1);
    } finally {
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('keeps a step without a short timeout a regular activity task', async () => {
    api.on('/regular', () => ({ status: 200, body: { ok: true } }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'default_timeout', type: 'http', config: { url: `${api.url}/regular` } },
        { id: 'long_timeout', type: 'http', config: { url: `${api.url}/regular` }, timeout: '30s' },
      ],
    });
    const execution = await launch(t, account, workflowId);
    expect((await waitForOutcome(t, execution.id)).status).toBe('completed');
    const { markers, activities } = await historyOf(execution.id);
    expect(activities).toEqual(['httpRequest', 'httpRequest']);
    // Only the outcome record is a local activity.
    expect(markers.filter((name) => name === 'core_local_activity').length).toBe(1);
  });
});
