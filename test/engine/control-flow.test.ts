import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { eventTypesOf } from './history.js';
import { conditionStep, valueStep } from './steps.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'engine-control-flow');
});
afterAll(async () => {
  await t?.close();
});

/** Seeds the definition, runs it with `input`, and returns the finished execution row. */
async function run(definition: unknown, input: Record<string, unknown> = {}) {
  const workflowId = await seedPublishedWorkflow(t, account, definition);
  const execution = await launch(t, account, workflowId, input);
  return waitForOutcome(t, execution.id);
}

describe('set', () => {
  it('stores rendered variables that later steps read as vars', async () => {
    const outcome = await run(
      {
        variables: { name: { type: 'string' } },
        steps: [
          {
            id: 'remember',
            type: 'set',
            config: { values: { greeting: 'hi {{ input.name }}', n: '{{ 2 + 3 }}' } },
          },
          {
            id: 'use',
            type: 'transform',
            config: { expression: 'vars.greeting & "/" & $string(vars.n * 2)' },
          },
        ],
      },
      { name: 'ada' },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('hi ada/10');
    const [setStep] = await stepsOf(t, outcome.id);
    expect(setStep).toMatchObject({
      stepId: 'remember',
      status: 'completed',
      output: { greeting: 'hi ada', n: 5 },
    });
  });
});

describe('condition', () => {
  const definition = {
    variables: { amount: { type: 'number' } },
    steps: [
      conditionStep(
        'check',
        'input.amount > 100',
        [valueStep('big', 'needs review')],
        [valueStep('small', 'auto approve')],
      ),
      { id: 'after', type: 'transform', config: { expression: '[steps.big.output, steps.small.output]' } },
    ],
  };

  it('runs the then branch and exposes its steps to later steps', async () => {
    const outcome = await run(definition, { amount: 500 });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual(['needs review']);
    const steps = await stepsOf(t, outcome.id);
    expect(steps.map((s) => [s.path, s.status])).toEqual([
      ['check', 'completed'],
      ['check.big', 'completed'],
      ['after', 'completed'],
    ]);
    expect(steps[0]?.output).toEqual({ branch: 'then', output: 'needs review' });
  });

  it('runs the else branch when the expression is falsy', async () => {
    const outcome = await run(definition, { amount: 5 });
    expect(outcome.output).toEqual(['auto approve']);
    expect((await stepsOf(t, outcome.id))[0]?.output).toEqual({ branch: 'else', output: 'auto approve' });
  });

  it('runs nothing when false without an else', async () => {
    const outcome = await run({
      steps: [conditionStep('check', 'false', [valueStep('never', 1)])],
    });
    expect(outcome.output).toEqual({ branch: null, output: null });
    expect((await stepsOf(t, outcome.id)).map((s) => s.stepId)).toEqual(['check']);
  });
});

describe('switch', () => {
  const definition = {
    variables: { order: { type: 'object' } },
    steps: [
      {
        id: 'route',
        type: 'switch',
        config: {
          value: 'input.order.kind',
          cases: [
            { equals: 'refund', steps: [valueStep('refund', 'to finance')] },
            { equals: { tier: 'gold', region: 'eu' }, steps: [valueStep('gold', 'to concierge')] },
          ],
          default: [valueStep('other', 'to queue')],
        },
      },
    ],
  };

  it('runs the first case whose equals matches, comparing objects deeply', async () => {
    const outcome = await run(definition, { order: { kind: { region: 'eu', tier: 'gold' } } });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({
      case: 1,
      value: { region: 'eu', tier: 'gold' },
      output: 'to concierge',
    });
    expect((await stepsOf(t, outcome.id)).map((s) => s.path)).toEqual(['route', 'route.gold']);
  });

  it('falls back to default when no case matches', async () => {
    const outcome = await run(definition, { order: { kind: 'exchange' } });
    expect(outcome.output).toMatchObject({ case: 'default', output: 'to queue' });
  });
});

describe('parallel', () => {
  it('runs branches at the same time and returns each branch output by name', async () => {
    const outcome = await run({
      steps: [
        {
          id: 'fan',
          type: 'parallel',
          config: {
            branches: {
              left: [{ id: 'wait_left', type: 'delay', config: { duration: '300ms' } }, valueStep('l', 'L')],
              right: [
                { id: 'wait_right', type: 'delay', config: { duration: '300ms' } },
                valueStep('r', 'R'),
              ],
            },
          },
        },
        { id: 'join', type: 'transform', config: { expression: 'steps.l.output & steps.r.output' } },
      ],
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('LR');
    expect((await stepsOf(t, outcome.id))[0]?.output).toEqual({ left: 'L', right: 'R' });
    // Both timers were started before either fired: the branches did not run one after the other.
    const events = await eventTypesOf(t, outcome.id);
    const started = events.flatMap((e, i) => (e === 'TIMER_STARTED' ? [i] : []));
    expect(started).toHaveLength(2);
    expect(Math.max(...started)).toBeLessThan(events.indexOf('TIMER_FIRED'));
  });

  it('fails with the first failure and cancels the other branches', async () => {
    const outcome = await run({
      steps: [
        {
          id: 'fan',
          type: 'parallel',
          config: {
            branches: [
              [{ id: 'slow', type: 'delay', config: { duration: '1h' } }, valueStep('after_slow', 'never')],
              [
                // After a moment, so the slow branch's timer is already running when this one fails.
                { id: 'moment', type: 'delay', config: { duration: '200ms' } },
                { id: 'boom', type: 'fail', config: { code: 'BRANCH_BROKE', message: 'branch two broke' } },
              ],
            ],
          },
        },
      ],
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'BRANCH_BROKE', message: 'branch two broke' });
    const steps = await stepsOf(t, outcome.id);
    expect(Object.fromEntries(steps.map((s) => [s.path, s.status]))).toEqual({
      fan: 'failed',
      'fan.slow': 'cancelled',
      'fan.moment': 'completed',
      'fan.boom': 'failed',
    });
    expect(await eventTypesOf(t, outcome.id)).toContain('TIMER_CANCELED');
  });
});

describe('fail and succeed', () => {
  it('fails the run with the chosen code and rendered message', async () => {
    const outcome = await run(
      {
        variables: { id: { type: 'string' } },
        steps: [
          {
            id: 'stop',
            type: 'fail',
            config: { code: 'ORDER_INVALID', message: 'order {{ input.id }} is invalid' },
          },
        ],
      },
      { id: 'o-7' },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({
      code: 'ORDER_INVALID',
      message: 'order o-7 is invalid',
      step_id: 'stop',
    });
  });

  it('jumps to a recovery step with on_error goto', async () => {
    const outcome = await run({
      steps: [
        { id: 'check', type: 'fail', config: { message: 'not yet' }, on_error: { goto: 'recover' } },
        valueStep('skipped_by_goto', 'never'),
        {
          id: 'recover',
          type: 'transform',
          config: { expression: '"recovered from " & steps.check.error.code' },
        },
      ],
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('recovered from FAILED');
    const steps = await stepsOf(t, outcome.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['check', 'failed'],
      ['recover', 'completed'],
    ]);
    expect(steps[0]?.error).toEqual({ code: 'FAILED', message: 'not yet' });
  });

  it('ends the run early with succeed, from inside a branch; later steps never run', async () => {
    const outcome = await run(
      {
        variables: { vip: { type: 'boolean' } },
        steps: [
          conditionStep('shortcut', 'input.vip', [
            { id: 'done', type: 'succeed', config: { output: { fast_track: '{{ input.vip }}' } } },
          ]),
          { id: 'slow_path', type: 'delay', config: { duration: '1h' } },
        ],
      },
      { vip: true },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ fast_track: true });
    const steps = await stepsOf(t, outcome.id);
    expect(steps.map((s) => [s.path, s.status])).toEqual([
      ['shortcut', 'completed'],
      ['shortcut.done', 'completed'],
    ]);
    expect(await eventTypesOf(t, outcome.id)).not.toContain('TIMER_STARTED');
  });
});

/** Activity types of the local activities a run recorded (from their markers' data). */
async function localActivitiesOf(workflowId: string): Promise<string[]> {
  const history = await t.deps.temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const data = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    if (!data) return [];
    const marker = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string };
    return marker.activity_type ? [marker.activity_type] : [];
  });
}

describe('bounded expressions', () => {
  it('fails a hostile transform with EXPRESSION_LIMIT, and the worker serves the next run', async () => {
    const hostile = await run({
      steps: [
        {
          id: 'spin',
          type: 'transform',
          config: { expression: '($f := function($n){ $f($n + 1) }; $f(0))' },
        },
      ],
    });
    expect(hostile.status).toBe('failed');
    expect(hostile.error).toMatchObject({ code: 'EXPRESSION_LIMIT', step_id: 'spin' });
    const nested = await run({
      steps: [{ id: 'grow', type: 'transform', config: { expression: '$count([1..100000].([1..100000]))' } }],
    });
    expect(nested.error).toMatchObject({ code: 'EXPRESSION_LIMIT', step_id: 'grow' });
    const next = await run({
      steps: [{ id: 'fine', type: 'transform', config: { expression: '$sum([1..10])' } }],
    });
    expect(next.output).toBe(55);
  });

  it('finishes an expression too long for the sandbox in a local activity, with the same result', async () => {
    const sum = (n: number) => ({
      steps: [
        {
          id: 'sum',
          type: 'transform',
          config: { expression: `$reduce([1..${n}], function($a, $b){ $a + $b })` },
        },
      ],
    });
    const big = await run(sum(6000));
    expect(big.output).toBe(18003000);
    const small = await run(sum(3));
    expect(small.output).toBe(6);
    expect(await localActivitiesOf(big.id)).toContain('evaluateExpression');
    expect(await localActivitiesOf(small.id)).not.toContain('evaluateExpression');
  });
});
