import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { eventTypesOf, runChainOf } from './history.js';
import { conditionStep } from './steps.js';

let t: TestApp;
let api: StandIn;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'engine-loops');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

async function run(definition: unknown, input: Record<string, unknown> = {}) {
  const workflowId = await seedPublishedWorkflow(t, account, definition);
  const execution = await launch(t, account, workflowId, input);
  return { execution, outcome: await waitForOutcome(t, execution.id, 60_000) };
}

describe('foreach', () => {
  it('runs the body per item with item and index, and outputs each last output in order', async () => {
    api.on('/items', (req) => ({ status: 200, body: { got: JSON.parse(req.body) } }));
    const { outcome } = await run(
      {
        variables: { names: { type: 'array' } },
        steps: [
          {
            id: 'loop',
            type: 'foreach',
            config: {
              items: 'input.names',
              as: 'name',
              steps: [
                {
                  id: 'call',
                  type: 'http',
                  config: {
                    method: 'POST',
                    url: `${api.url}/items`,
                    body: { name: '{{ name }}', at: '{{ index }}' },
                  },
                },
                { id: 'label', type: 'transform', config: { expression: 'name & "#" & $string(index)' } },
              ],
            },
          },
        ],
      },
      { names: ['a', 'b', 'c'] },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual(['a#0', 'b#1', 'c#2']);
    expect(api.requests.filter((r) => r.path === '/items').map((r) => JSON.parse(r.body))).toEqual([
      { name: 'a', at: 0 },
      { name: 'b', at: 1 },
      { name: 'c', at: 2 },
    ]);
    const paths = (await stepsOf(t, outcome.id)).map((s) => s.path);
    expect(paths).toEqual([
      'loop',
      'loop[0].call',
      'loop[0].label',
      'loop[1].call',
      'loop[1].label',
      'loop[2].call',
      'loop[2].label',
    ]);
  });

  it('runs iterations concurrently yet keeps the outputs in item order', async () => {
    // Later items finish first: item 0 sleeps longest.
    const { outcome } = await run({
      steps: [
        {
          id: 'loop',
          type: 'foreach',
          config: {
            items: '[600, 400, 200, 0]',
            concurrency: 4,
            steps: [
              { id: 'wait', type: 'delay', config: { duration: '{{ item }}' } },
              { id: 'call', type: 'transform', config: { expression: '"item " & $string(index)' } },
            ],
          },
        },
      ],
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
    const steps = await stepsOf(t, outcome.id);
    expect(steps.find((s) => s.path === 'loop[2].call')).toMatchObject({
      status: 'completed',
      output: 'item 2',
    });
    expect(steps.filter((s) => s.path.endsWith('.call'))).toHaveLength(4);
    // Three timers (the 0 ms delay needs none) all started before the first fired.
    const events = await eventTypesOf(t, outcome.id);
    const started = events.flatMap((e, i) => (e === 'TIMER_STARTED' ? [i] : []));
    expect(started).toHaveLength(3);
    expect(Math.max(...started)).toBeLessThan(events.indexOf('TIMER_FIRED'));
  });

  it('gives each pass its own step outputs', async () => {
    const { outcome } = await run({
      steps: [
        {
          id: 'loop',
          type: 'foreach',
          config: {
            items: '[1, 2, 3]',
            steps: [
              { id: 'double', type: 'transform', config: { expression: 'item * 2' } },
              { id: 'plus', type: 'transform', config: { expression: 'steps.double.output + 1' } },
            ],
          },
        },
      ],
    });
    expect(outcome.output).toEqual([3, 5, 7]);
  });

  it('treats an expression with no match as no items and refuses a non-array', async () => {
    const empty = await run({
      steps: [
        {
          id: 'loop',
          type: 'foreach',
          config: { items: 'input.missing', steps: [{ id: 'x', type: 'transform', config: { value: 1 } }] },
        },
      ],
    });
    expect(empty.outcome.output).toEqual([]);
    const scalar = await run({
      steps: [
        {
          id: 'loop',
          type: 'foreach',
          config: { items: '"abc"', steps: [{ id: 'y', type: 'transform', config: { value: 1 } }] },
        },
      ],
    });
    expect(scalar.outcome.status).toBe('failed');
    expect(scalar.outcome.error).toMatchObject({ code: 'INVALID_ITEMS', step_id: 'loop' });
  });

  it('fails the loop at the first failing iteration, where on_error then applies', async () => {
    const { outcome } = await run({
      steps: [
        {
          id: 'loop',
          type: 'foreach',
          on_error: 'continue',
          config: {
            items: '[1, 2, 3]',
            steps: [
              {
                id: 'check',
                type: 'fail',
                when: 'item = 2',
                config: { code: 'BAD_ITEM', message: 'item {{ item }}' },
              },
            ],
          },
        },
        { id: 'after', type: 'transform', config: { expression: 'steps.loop.error' } },
      ],
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ code: 'BAD_ITEM', message: 'item 2' });
    const paths = (await stepsOf(t, outcome.id)).map((s) => [s.path, s.status]);
    expect(paths).toEqual([
      ['loop', 'failed'],
      ['loop[0].check', 'skipped'],
      ['loop[1].check', 'failed'],
      ['after', 'completed'],
    ]);
  });

  it('continues as new every checkpoint_every items and still returns all results in order', async () => {
    const { execution, outcome } = await run({
      steps: [
        { id: 'before', type: 'set', config: { values: { factor: 3 } } },
        {
          id: 'loop',
          type: 'foreach',
          config: {
            items: '[1..25]',
            concurrency: 4,
            checkpoint_every: 10,
            steps: [{ id: 'times', type: 'transform', config: { expression: 'item * vars.factor' } }],
          },
        },
        {
          id: 'after',
          type: 'transform',
          config: { expression: '{ "count": $count(steps.loop.output), "before": steps.before.output }' },
        },
      ],
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ count: 25, before: { factor: 3 } });
    const steps = await stepsOf(t, outcome.id);
    const loop = steps.find((s) => s.path === 'loop');
    expect(loop?.status).toBe('completed');
    expect(loop?.output).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) * 3));
    expect(steps.filter((s) => s.path.startsWith('loop['))).toHaveLength(25);
    // Steps keep the order they first ran in, across the chain's runs.
    expect(steps.map((s) => s.path).slice(0, 3)).toEqual(['before', 'loop', 'loop[0].times']);

    // Temporal shows the chain: the first run continued as new, twice in all (10 + 10 + 5 items).
    const chain = await runChainOf(t, execution.id, execution.temporalRunId ?? '');
    expect(chain.map((r) => r.status)).toEqual(['CONTINUED_AS_NEW', 'CONTINUED_AS_NEW', 'COMPLETED']);
  });

  it('does not checkpoint a loop nested in a branch', async () => {
    const { execution, outcome } = await run({
      steps: [
        conditionStep('branch', 'true', [
          {
            id: 'inner',
            type: 'foreach',
            config: {
              items: '[1..5]',
              checkpoint_every: 2,
              steps: [{ id: 'sq', type: 'transform', config: { expression: 'item * item' } }],
            },
          },
        ]),
      ],
    });
    expect(outcome.output).toEqual({ branch: 'then', output: [1, 4, 9, 16, 25] });
    const first = await t.deps.temporal.client.workflow
      .getHandle(execution.id, execution.temporalRunId ?? undefined)
      .describe();
    expect(first.status.name).toBe('COMPLETED');
  });
});
