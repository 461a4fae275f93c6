import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows, workflowVersions } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { eventTypesOf, waitForEvent } from './history.js';
import { valueStep } from './steps.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'engine-timers');
});
afterAll(async () => {
  await t?.close();
});

async function start(definition: unknown, input: Record<string, unknown> = {}) {
  const workflowId = await seedPublishedWorkflow(t, account, definition);
  return { workflowId, execution: await launch(t, account, workflowId, input) };
}

describe('delay', () => {
  it('sleeps on a durable Temporal timer', async () => {
    const { execution } = await start({
      variables: { pause: { type: 'string', default: '500ms' } },
      steps: [{ id: 'pause', type: 'delay', config: { duration: '{{ input.pause }}' } }],
    });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ slept_ms: 500 });
    const events = await eventTypesOf(t, execution.id);
    expect(events).toContain('TIMER_STARTED');
    expect(events).toContain('TIMER_FIRED');
  });

  it('fails with INVALID_DURATION when a template renders something else', async () => {
    const { execution } = await start({
      steps: [{ id: 'pause', type: 'delay', config: { duration: '{{ "soon" }}' } }],
    });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'INVALID_DURATION', step_id: 'pause' });
  });

  it('ends as cancelled when the run is cancelled mid-delay', async () => {
    const { execution } = await start({
      steps: [{ id: 'pause', type: 'delay', config: { duration: '1h' } }, valueStep('after', 'never')],
    });
    await waitForEvent(t, execution.id, 'TIMER_STARTED');
    await t.deps.temporal.client.workflow.getHandle(execution.id).cancel();
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error).toMatchObject({ code: 'CANCELLED' });
    const steps = await stepsOf(t, execution.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([['pause', 'cancelled']]);
    const description = await t.deps.temporal.client.workflow.getHandle(execution.id).describe();
    expect(description.status.name).toBe('CANCELLED');
  });
});

describe('wait_until', () => {
  it('does not wait for a moment in the past', async () => {
    const { execution } = await start({
      steps: [{ id: 'until', type: 'wait_until', config: { until: '2001-02-03T04:05:06Z' } }],
    });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toEqual({ until: '2001-02-03T04:05:06.000Z' });
    expect(await eventTypesOf(t, execution.id)).not.toContain('TIMER_STARTED');
  });

  it('waits on a timer until a computed moment', async () => {
    const { execution } = await start({
      steps: [{ id: 'until', type: 'wait_until', config: { until: '$toMillis($now()) + 400' } }],
    });
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    const events = await eventTypesOf(t, execution.id);
    expect(events).toContain('TIMER_STARTED');
    expect(events).toContain('TIMER_FIRED');
    const until = Date.parse((outcome.output as { until: string }).until);
    expect(outcome.finishedAt?.getTime()).toBeGreaterThanOrEqual(until);
  });
});

describe('a run in flight', () => {
  it('finishes with the definition it started with after the workflow is edited', async () => {
    const { workflowId, execution } = await start({
      steps: [
        { id: 'pause', type: 'delay', config: { duration: '1s' } },
        valueStep('old_step', 'old definition'),
      ],
    });
    await waitForEvent(t, execution.id, 'TIMER_STARTED');
    const edited = { steps: [valueStep('new_step', 'new definition')] };
    const db = t.deps.database.db;
    await db.update(workflows).set({ definition: edited }).where(eq(workflows.id, workflowId));
    await db
      .update(workflowVersions)
      .set({ definition: edited })
      .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, 1)));

    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('old definition');
    expect((await stepsOf(t, execution.id)).map((s) => s.stepId)).toEqual(['pause', 'old_step']);
    // The edit is real: a new run takes the new definition.
    const next = await waitForOutcome(t, (await launch(t, account, workflowId)).id);
    expect(next.output).toBe('new definition');
  });
});
