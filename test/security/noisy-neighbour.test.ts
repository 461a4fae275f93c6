import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * While one organization's hostile expressions run, another organization's trivial run still
 * completes, on the same worker. Before expressions were bounded, the first of these took the
 * whole process down and the second never finished: the probe fails on its deadline.
 */
let t: TestApp;
let hostile: Account;
let bystander: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  hostile = await registerAccount(t.app, 'neighbour-hostile');
  bystander = await registerAccount(t.app, 'neighbour-bystander');
});
afterAll(() => t?.close());

const transform = (expression: string) => ({
  steps: [{ id: 'x', type: 'transform', config: { expression } }],
});

const HOSTILE = [
  '($f := function($n){ $n > 1e15 ? $n : $f($n+1) }; $f(0))',
  '$count([1..100000].([1..100000]))',
  '$reduce([1..1000000], function($a, $b){ $a + $b })',
  '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)',
];

async function trivialRun(workflowId: string) {
  const started = Date.now();
  const execution = await launch(t, bystander, workflowId);
  const outcome = await waitForOutcome(t, execution.id, 10_000);
  return { outcome, ms: Date.now() - started };
}

describe('noisy neighbour', () => {
  it("completes another organization's trivial run while hostile expressions run", async () => {
    const trivial = await seedPublishedWorkflow(t, bystander, transform('1 + 1'));
    const baseline = await trivialRun(trivial);
    expect(baseline.outcome.status).toBe('completed');

    const hostileWorkflows = await Promise.all(
      HOSTILE.map((e) => seedPublishedWorkflow(t, hostile, transform(e))),
    );
    const hostileRuns = await Promise.all(
      hostileWorkflows.flatMap((id) => [launch(t, hostile, id), launch(t, hostile, id)]),
    );
    const during = await trivialRun(trivial);
    expect(during.outcome.status).toBe('completed');
    console.info(
      `trivial run: ${baseline.ms} ms alone, ${during.ms} ms beside ${hostileRuns.length} hostile runs`,
    );

    const outcomes = await Promise.all(hostileRuns.map((run) => waitForOutcome(t, run.id, 60_000)));
    for (const outcome of outcomes) {
      // The regex one completes (RE2 answers at once); every other one fails on its bound.
      if (outcome.status === 'failed') expect(outcome.error).toMatchObject({ code: 'EXPRESSION_LIMIT' });
      else expect(outcome.status).toBe('completed');
    }
    expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(6);
  }, 90_000);
});
