// Short steps as local activities (interpreter revision 2): an `http` step whose timeout is at most
// 10 s runs inside the workflow task and is recorded as a marker, but keeps what makes it durable:
// its retry policy, its idempotency key, its error codes, and a history that replays.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import proto from '@temporalio/proto';
import { type InjectedSinks, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conveyorDataConverter } from '../../src/temporal/data-converter.js';
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
    // After the three revision patches, one marker for the step; the only activity task is the
    // outcome record, whose scheduling ends the step's workflow task and so commits its marker.
    expect(markers).toEqual(['core_patch', 'core_patch', 'core_patch', 'core_local_activity']);
    expect(activities).toEqual(['recordExecutionOutcome']);
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        sinks: replaySinks,
        replayName: 'local-steps',
        dataConverter: conveyorDataConverter(t.deps.secrets.keyring),
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

  /** A local endpoint answering after 1 s, so a cancel request arrives while a local step runs. */
  async function slowEndpoint() {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 1000);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests,
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }

  async function cancelDuringFirstRequest(steps: unknown[], slow: { requests: string[] }) {
    const workflowId = await seedPublishedWorkflow(t, account, { steps });
    const execution = await launch(t, account, workflowId);
    const deadline = Date.now() + 10_000;
    while (slow.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const handle = t.deps.temporal.client.workflow.getHandle(execution.id);
    await handle.cancel();
    return { outcome: await waitForOutcome(t, execution.id), handle, execution };
  }

  it('ends as cancelled, in Temporal and in the read model, when cancelled during short steps that more work follows', async () => {
    const slow = await slowEndpoint();
    try {
      const { outcome, handle, execution } = await cancelDuringFirstRequest(
        [
          { id: 'slow', type: 'http', config: { url: `${slow.url}/slow` }, timeout: '5s' },
          { id: 'wait', type: 'delay', config: { duration: '30s' } },
          { id: 'after', type: 'http', config: { url: `${slow.url}/after` }, timeout: '5s' },
        ],
        slow,
      );
      // The server holds the cancellation until the worker ends its workflow task (the step runs
      // on); the task ends by starting the timer, and the next one delivers the request.
      expect(outcome.status).toBe('cancelled');
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      // Nothing ran twice, and nothing after the cancellation: the step's marker was kept.
      expect(slow.requests).toEqual(['/slow']);
      const { types } = await historyOf(execution.id);
      expect(types).not.toContain('WORKFLOW_TASK_FAILED');
      expect(types.filter((type) => type === 'WORKFLOW_EXECUTION_CANCELED').length).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('closes with the outcome it recorded when cancelled during the short steps that end it', async () => {
    const slow = await slowEndpoint();
    try {
      const { outcome, handle, execution } = await cancelDuringFirstRequest(
        [
          { id: 'slow', type: 'http', config: { url: `${slow.url}/slow` }, timeout: '5s' },
          { id: 'after', type: 'http', config: { url: `${slow.url}/after` }, timeout: '5s' },
        ],
        slow,
      );
      // The chain runs to its end before the server hands over the request, and the activity that
      // records the outcome commits the steps: the run's work is done, and Temporal and the read
      // model agree that it completed.
      expect(outcome.status).toBe('completed');
      expect((await handle.describe()).status.name).toBe('COMPLETED');
      expect(slow.requests).toEqual(['/slow', '/after']);
      const { types } = await historyOf(execution.id);
      expect(types).toContain('WORKFLOW_EXECUTION_CANCEL_REQUESTED');
      expect(types).not.toContain('WORKFLOW_TASK_FAILED');
      expect(types.filter((type) => type === 'WORKFLOW_EXECUTION_COMPLETED').length).toBe(1);
    } finally {
      await slow.close();
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
