import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { insertExecutionRow, slowDefinition, startSlowServer } from './helpers.js';

type Body = Record<string, unknown>;

let t: TestApp;
let api: StandIn;
let slow: Awaited<ReturnType<typeof startSlowServer>>;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  slow = await startSlowServer(10_000);
  account = await registerAccount(t.app, 'exec-cancel');
});
afterAll(async () => {
  await slow?.close();
  await api?.close();
  await t?.close();
});

const post = (path: string, body?: unknown, who: Account = account) =>
  call<Body>(t.app, 'POST', `/api/v1${path}`, { token: who.token, body });
const get = (path: string) => call<Body>(t.app, 'GET', `/api/v1${path}`, { token: account.token });

/** Starts a run and waits until its step is blocked in the slow server's call. */
async function blockedRun() {
  const workflowId = await seedPublishedWorkflow(t, account, slowDefinition(slow.url));
  const before = slow.requests.length;
  const execution = await launch(t, account, workflowId);
  for (let i = 0; i < 200 && slow.requests.length === before; i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(slow.requests.length).toBe(before + 1);
  return execution;
}

describe('POST /executions/{id}/cancel', () => {
  it('cancels a run blocked in a slow HTTP call: the run and its step end cancelled, audited', async () => {
    const execution = await blockedRun();
    const started = Date.now();
    const response = await post(`/executions/${execution.id}/cancel`);
    // Well before the slow server's 10 s answer.
    expect(Date.now() - started).toBeLessThan(9000);
    expect([200, 202]).toContain(response.status);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('cancelled');
    if (response.status === 200)
      expect(response.body).toMatchObject({ id: execution.id, status: 'cancelled' });
    else expect(response.body).toEqual({ id: execution.id, status: 'cancelling' });

    const steps = await stepsOf(t, execution.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([['wait', 'cancelled']]);
    const description = await t.deps.temporal.client.workflow.getHandle(execution.id).describe();
    expect(description.status.name).toBe('CANCELLED');
    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'execution.cancel'), eq(auditLogs.resourceId, execution.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ orgId: account.orgId, actorId: account.userId });
  });

  it('answers 409 execution_not_running for a closed execution, without an audit row', async () => {
    api.on('/fine', () => ({ status: 200, body: {} }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [{ id: 'a', type: 'http', config: { url: `${api.url}/fine` } }],
    });
    const execution = await launch(t, account, workflowId);
    await waitForOutcome(t, execution.id);
    const response = await post(`/executions/${execution.id}/cancel`);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'execution_not_running' });
    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'execution.cancel'), eq(auditLogs.resourceId, execution.id)));
    expect(audit).toHaveLength(0);
  });

  it('answers 404 for another organization’s execution and leaves the run alone', async () => {
    const execution = await blockedRun();
    const stranger = await registerAccount(t.app, 'exec-cancel-stranger');
    expect((await post(`/executions/${execution.id}/cancel`, undefined, stranger)).status).toBe(404);
    expect((await get(`/executions/${execution.id}`)).body.status).toBe('running');
    await post(`/executions/${execution.id}/cancel`);
    expect((await waitForOutcome(t, execution.id)).status).toBe('cancelled');
  });
});

describe('reconciling with Temporal', () => {
  it('shows a run terminated from Temporal directly as terminated, with its step no longer running', async () => {
    const execution = await blockedRun();
    await t.deps.temporal.client.workflow.getHandle(execution.id).terminate('operator in the Temporal UI');
    const description = await t.deps.temporal.client.workflow.getHandle(execution.id).describe();
    const response = await get(`/executions/${execution.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'terminated',
      error: { code: 'TERMINATED' },
      finished_at: description.closeTime?.toISOString(),
      steps: [expect.objectContaining({ step_id: 'wait', status: 'cancelled' })],
    });
    // Written down, not only answered: the list (which never asks Temporal) agrees.
    const listed = await call<{ items: Body[] }>(t.app, 'GET', `/api/v1/executions?status=terminated`, {
      token: account.token,
    });
    expect(listed.body.items.map((i) => i.id)).toContain(execution.id);
    // A terminated run can be retried, and cancelling it is refused.
    expect((await post(`/executions/${execution.id}/cancel`)).status).toBe(409);
  });
});

describe('POST /executions/{id}/retry', () => {
  it('retries from the start as a new execution linked by retry_of, with the same input', async () => {
    api.on('/always-once', (_req, count) =>
      count === 1 ? { status: 400, body: { nope: true } } : { status: 200, body: { ok: count } },
    );
    const workflowId = await seedPublishedWorkflow(t, account, {
      variables: { who: { type: 'string' } },
      steps: [
        { id: 'first', type: 'http', config: { url: `${api.url}/always-once?who={{ input.who }}` } },
        { id: 'done', type: 'transform', config: { expression: '"hi " & input.who' } },
      ],
    });
    const failed = await launch(t, account, workflowId, { who: 'ada' });
    expect((await waitForOutcome(t, failed.id)).status).toBe('failed');

    const response = await post(`/executions/${failed.id}/retry`);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      retry_of: failed.id,
      status: 'running',
      trigger: 'retry',
      input: { who: 'ada' },
    });
    const retryId = response.body.id as string;
    expect(retryId).not.toBe(failed.id);
    const outcome = await waitForOutcome(t, retryId);
    expect(outcome).toMatchObject({ status: 'completed', output: 'hi ada', retryOf: failed.id });
    expect(api.requests.filter((r) => r.path === '/always-once')).toHaveLength(2);

    // An explicit empty body and an input override work too.
    const again = await post(`/executions/${failed.id}/retry`, { from: 'start', input: { who: 'bob' } });
    expect(again.status).toBe(202);
    expect((await waitForOutcome(t, again.body.id as string)).output).toBe('hi bob');
  });

  it('retries from the failed step: completed steps are not called again and their outputs are kept', async () => {
    api.on('/one', () => ({ status: 200, body: { value: 'from one' } }));
    api.on('/two', (_req, count) =>
      count === 1 ? { status: 400 } : { status: 200, body: { value: 'from two' } },
    );
    api.on('/three', (_req, count) =>
      count === 1 ? { status: 400 } : { status: 200, body: { value: 'from three' } },
    );
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'one', type: 'http', config: { url: `${api.url}/one` } },
        { id: 'two', type: 'http', config: { url: `${api.url}/two` }, retry: { max_attempts: 1 } },
        { id: 'three', type: 'http', config: { url: `${api.url}/three` }, retry: { max_attempts: 1 } },
        {
          id: 'summary',
          type: 'transform',
          config: {
            expression:
              'steps.one.output.body.value & " / " & steps.two.output.body.value & " / " & steps.three.output.body.value',
          },
        },
      ],
    });
    const calls = (path: string) => api.requests.filter((r) => r.path === path).length;
    const original = await launch(t, account, workflowId);
    expect((await waitForOutcome(t, original.id)).error).toMatchObject({ step_id: 'two' });
    expect([calls('/one'), calls('/two'), calls('/three')]).toEqual([1, 1, 0]);

    // Step two now succeeds; step three fails the first time.
    const retry = await post(`/executions/${original.id}/retry`, { from: 'failed_step' });
    expect(retry.status).toBe(202);
    const retryOutcome = await waitForOutcome(t, retry.body.id as string);
    expect(retryOutcome.error).toMatchObject({ step_id: 'three' });
    expect([calls('/one'), calls('/two'), calls('/three')]).toEqual([1, 2, 1]);
    expect((await stepsOf(t, retry.body.id as string)).map((s) => s.stepId)).toEqual(['two', 'three']);

    // A retry of that retry keeps step one (skipped by the first retry) as well as step two.
    const second = await post(`/executions/${retry.body.id}/retry`, { from: 'failed_step' });
    const final = await waitForOutcome(t, second.body.id as string);
    expect(final).toMatchObject({ status: 'completed', output: 'from one / from two / from three' });
    expect([calls('/one'), calls('/two'), calls('/three')]).toEqual([1, 2, 2]);
  });

  it('restores run variables set by the steps a retry from the failed step skips', async () => {
    api.on('/vars-flaky', (_req, count) =>
      count === 1 ? { status: 400 } : { status: 200, body: { value: 'world' } },
    );
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'remember', type: 'set', config: { values: { greeting: 'hello' } } },
        { id: 'call', type: 'http', config: { url: `${api.url}/vars-flaky` }, retry: { max_attempts: 1 } },
        {
          id: 'say',
          type: 'transform',
          config: { expression: 'vars.greeting & " " & steps.call.output.body.value' },
        },
      ],
    });
    const original = await launch(t, account, workflowId);
    expect((await waitForOutcome(t, original.id)).status).toBe('failed');
    const retry = await post(`/executions/${original.id}/retry`, { from: 'failed_step' });
    const outcome = await waitForOutcome(t, retry.body.id as string);
    expect(outcome).toMatchObject({ status: 'completed', output: 'hello world' });
    expect((await stepsOf(t, retry.body.id as string)).map((s) => s.stepId)).toEqual(['call', 'say']);
  });

  it('refuses running and completed executions with 409 execution_not_retryable', async () => {
    const running = await blockedRun();
    const response = await post(`/executions/${running.id}/retry`);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'execution_not_retryable' });
    await post(`/executions/${running.id}/cancel`);
    await waitForOutcome(t, running.id);
    // Cancelled runs are retryable.
    const retried = await post(`/executions/${running.id}/retry`);
    expect(retried.status).toBe(202);
    await post(`/executions/${retried.body.id}/cancel`);

    api.on('/done', () => ({ status: 200, body: {} }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [{ id: 'a', type: 'http', config: { url: `${api.url}/done` } }],
    });
    const completed = await launch(t, account, workflowId);
    await waitForOutcome(t, completed.id);
    expect((await post(`/executions/${completed.id}/retry`)).body).toMatchObject({
      status: 409,
      code: 'execution_not_retryable',
    });
  });

  it('validates the body: unknown fields and a bad `from` are 400', async () => {
    const running = await blockedRun();
    for (const body of [{ from: 'middle' }, { extra: true }, { input: 'text' }]) {
      const response = await post(`/executions/${running.id}/retry`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    await post(`/executions/${running.id}/cancel`);
  });
});

describe('bulk cancel and retry', () => {
  it('handles each id on its own and reports per-item errors', async () => {
    const stranger = await registerAccount(t.app, 'exec-bulk-stranger');
    const strangerWorkflow = await seedPublishedWorkflow(t, stranger, {
      steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
    });
    const foreign = await launch(t, stranger, strangerWorkflow);
    await waitForOutcome(t, foreign.id);

    const running = await blockedRun();
    api.on('/bulk-bad', () => ({ status: 400 }));
    const failingWorkflow = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'bad', type: 'http', config: { url: `${api.url}/bulk-bad` }, retry: { max_attempts: 1 } },
      ],
    });
    const failed = await launch(t, account, failingWorkflow);
    await waitForOutcome(t, failed.id);

    const ids = [running.id, failed.id, 'exe_missing', foreign.id];
    const cancel = await post('/bulk/executions/cancel', { ids });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ succeeded: 1, failed: 3 });
    expect(cancel.body.results).toEqual([
      { id: running.id, ok: true, status: expect.stringMatching(/^(cancelling|cancelled)$/) },
      { id: failed.id, ok: false, error: { code: 'execution_not_running', message: expect.any(String) } },
      { id: 'exe_missing', ok: false, error: { code: 'not_found', message: 'Execution not found' } },
      { id: foreign.id, ok: false, error: { code: 'not_found', message: 'Execution not found' } },
    ]);
    expect((await waitForOutcome(t, running.id)).status).toBe('cancelled');
    expect((await waitForOutcome(t, foreign.id)).status).toBe('completed');

    const retry = await post('/bulk/executions/retry', { ids, from: 'failed_step' });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ succeeded: 2, failed: 2 });
    const results = retry.body.results as {
      id: string;
      ok: boolean;
      new_execution_id?: string;
      error?: Body;
    }[];
    expect(results.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      [running.id, true, undefined],
      [failed.id, true, undefined],
      ['exe_missing', false, 'not_found'],
      [foreign.id, false, 'not_found'],
    ]);
    for (const result of results.filter((r) => r.ok)) {
      const created = await get(`/executions/${result.new_execution_id}`);
      expect(created.body).toMatchObject({ retry_of: result.id, trigger: 'retry' });
    }
    await post('/bulk/executions/cancel', {
      ids: results.filter((r) => r.ok).map((r) => r.new_execution_id),
    });
  });

  it('rejects empty, duplicate and oversized id lists with 400', async () => {
    for (const ids of [[], ['exe_a', 'exe_a'], Array.from({ length: 101 }, (_, i) => `exe_${i}`)]) {
      const response = await post('/bulk/executions/cancel', { ids });
      expect(response.status, `${ids.length} ids`).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
    expect((await post('/bulk/executions/retry', { ids: ['exe_a'], from: 'nowhere' })).status).toBe(400);
  });
});

describe('when Temporal is unavailable', () => {
  it('answers cancel with 503 temporal_unavailable, not 500, and writes no audit row', async () => {
    const broken = await createTestApp();
    try {
      const owner = await registerAccount(broken.app, 'exec-cancel-down');
      const workflowId = await seedPublishedWorkflow(broken, owner, {
        steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
      });
      const id = await insertExecutionRow(broken, owner, workflowId, { status: 'running' });
      await broken.deps.temporal.connection.close();
      const response = await call<Body>(broken.app, 'POST', `/api/v1/executions/${id}/cancel`, {
        token: owner.token,
      });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'temporal_unavailable' });
      const audit = await broken.deps.database.db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'execution.cancel'), eq(auditLogs.resourceId, id)));
      expect(audit).toHaveLength(0);
      // Reads do not depend on Temporal: the execution is still served from the read model.
      const read = await call<Body>(broken.app, 'GET', `/api/v1/executions/${id}`, { token: owner.token });
      expect(read.body).toMatchObject({ id, status: 'running' });
    } finally {
      await broken.testDatabase.drop();
    }
  });
});
