import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, logsOf, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';

let t: TestApp;
let api: StandIn;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'engine-http');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('http and transform steps', () => {
  it('calls an endpoint with rendered templates and feeds its output to the next step', async () => {
    api.on('/orders', (req) => ({ status: 201, body: { received: JSON.parse(req.body), id: 'ord-1' } }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      variables: { customer: { type: 'string' }, amount: { type: 'number', default: 5 } },
      steps: [
        {
          id: 'create',
          type: 'http',
          config: {
            method: 'POST',
            url: `${api.url}/orders`,
            headers: { 'x-customer': '{{ input.customer }}' },
            body: { customer: '{{ input.customer }}', amount: '{{ input.amount * 2 }}' },
          },
        },
        {
          id: 'summary',
          type: 'transform',
          config: { expression: '"order " & steps.create.output.body.id & " for " & input.customer' },
        },
      ],
    });
    const execution = await launch(t, account, workflowId, { customer: 'ada' });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('order ord-1 for ada');

    const request = api.requests.find((r) => r.path === '/orders');
    expect(request?.headers['x-customer']).toBe('ada');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ customer: 'ada', amount: 10 });

    const steps = await stepsOf(t, execution.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['create', 'completed'],
      ['summary', 'completed'],
    ]);
    expect(steps[0]?.attempts).toBe(1);
    expect(steps[0]?.output).toMatchObject({ status: 201 });
    expect((await logsOf(t, execution.id)).some((l) => l.message === 'Execution completed')).toBe(true);
  });

  it('retries a failing call with backoff and counts the attempts at the server', async () => {
    api.on('/flaky', (_req, count) =>
      count < 3 ? { status: 503, body: { busy: true } } : { status: 200, body: { ok: true } },
    );
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'flaky',
          type: 'http',
          config: { url: `${api.url}/flaky` },
          retry: { max_attempts: 5, initial_interval: '100ms', backoff_coefficient: 2 },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    const calls = api.requests.filter((r) => r.path === '/flaky');
    // Every attempt carries the same idempotency key: this run's id and the step's path.
    expect(new Set(calls.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`${execution.id}:flaky`]),
    );
    expect(calls.length).toBe(3);
    // Backoff: the second gap is about twice the first (100 ms, then 200 ms).
    const gaps = [(calls[1]?.at ?? 0) - (calls[0]?.at ?? 0), (calls[2]?.at ?? 0) - (calls[1]?.at ?? 0)];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(180);
    expect((await stepsOf(t, execution.id))[0]?.attempts).toBe(3);
  });

  it('stops at once on a non-retryable error and fails the run with its code', async () => {
    api.on('/missing', () => ({ status: 404, body: { error: 'nope' } }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'get',
          type: 'http',
          config: { url: `${api.url}/missing` },
          retry: { max_attempts: 5, initial_interval: '100ms' },
        },
      ],
    });
    const execution = await launch(t, account, workflowId);
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'HTTP_404', step_id: 'get' });
    expect(api.requests.filter((r) => r.path === '/missing').length).toBe(1);
    const [step] = await stepsOf(t, execution.id);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('treats a code listed in non_retryable_error_codes as final', async () => {
    api.on('/down', () => ({ status: 503 }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        {
          id: 'down',
          type: 'http',
          config: { url: `${api.url}/down` },
          retry: { max_attempts: 5, initial_interval: '100ms', non_retryable_error_codes: ['HTTP_503'] },
        },
      ],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, workflowId)).id);
    expect(outcome.status).toBe('failed');
    expect(api.requests.filter((r) => r.path === '/down').length).toBe(1);
  });

  it('continues past a failed step with on_error: continue', async () => {
    api.on('/broken', () => ({ status: 400 }));
    const workflowId = await seedPublishedWorkflow(t, account, {
      steps: [
        { id: 'try', type: 'http', config: { url: `${api.url}/broken` }, on_error: 'continue' },
        { id: 'after', type: 'transform', config: { expression: 'steps.try.status' } },
      ],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, workflowId)).id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('failed');
  });

  it('skips a step whose when guard is false', async () => {
    const workflowId = await seedPublishedWorkflow(t, account, {
      variables: { go: { type: 'boolean' } },
      steps: [
        { id: 'maybe', type: 'transform', when: 'input.go', config: { value: 'ran' } },
        { id: 'end', type: 'transform', config: { expression: 'steps.maybe.status' } },
      ],
    });
    const outcome = await waitForOutcome(t, (await launch(t, account, workflowId, { go: false })).id);
    expect(outcome.output).toBe('skipped');
  });
});
