import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionSteps, executions } from '../../src/db/schema/index.js';
import { DEFINITION_LIMITS } from '../../src/services/workflows/validate-definition.js';
import { MAX_FOREACH_ITEMS } from '../../src/workflows/steps/types/foreach.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * Size and fan-out, as a hostile organization would push them: definitions too big to walk, and
 * more runs at once than the shared workers should hold for one tenant.
 */
let t: TestApp;
let hostile: Account;
let bystander: Account;
beforeAll(async () => {
  t = await createTestApp({ MAX_RUNNING_EXECUTIONS_PER_ORG: '2' });
  await t.startWorker();
  hostile = await registerAccount(t.app, 'fanout-hostile');
  bystander = await registerAccount(t.app, 'fanout-bystander');
});
afterAll(() => t?.close());

const step = (id: string) => ({ id, type: 'transform', config: { value: 1 } });

async function save(definition: unknown) {
  return call<{ code: string; errors: { code: string }[] }>(t.app, 'POST', '/api/v1/workflows', {
    token: hostile.token,
    body: { name: 'big', definition },
  });
}

const sleeper = { steps: [{ id: 'nap', type: 'delay', config: { duration: '1h' } }] };

describe('definition size', () => {
  it('refuses more steps than the limit, nested ones counted', async () => {
    // 3 lists of 400: each under the per-list cap of 500, together over the tree's 1,000.
    const list = (prefix: string) => Array.from({ length: 400 }, (_, i) => step(`${prefix}${i}`));
    const response = await save({
      steps: [
        { id: 'fan', type: 'parallel', config: { branches: { a: list('a'), b: list('b'), c: list('c') } } },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.code)).toContain('too_many_steps');
  });

  it('refuses step lists nested deeper than the limit', async () => {
    let steps: unknown[] = [step('leaf')];
    for (let level = 0; level < DEFINITION_LIMITS.nestingDepth; level += 1) {
      steps = [{ id: `wrap${level}`, type: 'parallel', config: { branches: [steps] } }];
    }
    const response = await save({ steps });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.code)).toContain('nesting_too_deep');
  });

  it('refuses a definition over the size limit, inside the body limit', async () => {
    const response = await save({
      steps: [{ id: 'big', type: 'transform', config: { value: 'x'.repeat(DEFINITION_LIMITS.size) } }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.code)).toContain('definition_too_large');
  });
});

describe('running executions per organization', () => {
  it('answers 429 quota_exceeded with Retry-After at the limit, and serves other organizations', async () => {
    const workflowId = await seedPublishedWorkflow(t, hostile, sleeper);
    const execute = (account: Account, id: string) =>
      call<{ execution_id: string; code?: string }>(t.app, 'POST', `/api/v1/workflows/${id}/execute`, {
        token: account.token,
        body: { input: {} },
      });
    const first = await execute(hostile, workflowId);
    const second = await execute(hostile, workflowId);
    expect([first.status, second.status]).toEqual([202, 202]);
    const third = await execute(hostile, workflowId);
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('quota_exceeded');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

    const theirs = await execute(bystander, await seedPublishedWorkflow(t, bystander, sleeper));
    expect(theirs.status).toBe(202);

    // A run that ends frees its place.
    const cancel = await call(t.app, 'POST', `/api/v1/executions/${first.body.execution_id}/cancel`, {
      token: hostile.token,
    });
    expect(cancel.status).toBe(200);
    await waitForOutcome(t, first.body.execution_id);
    expect((await execute(hostile, workflowId)).status).toBe(202);
    await terminateRunning(hostile.orgId);
    await terminateRunning(bystander.orgId);
  });

  it('counts sub-workflow children: a fan-out stops at the limit with QUOTA_EXCEEDED', async () => {
    const org = await registerAccount(t.app, 'fanout-children');
    const child = await seedPublishedWorkflow(t, org, sleeper);
    const parent = await seedPublishedWorkflow(t, org, {
      steps: [
        {
          id: 'spray',
          type: 'foreach',
          config: {
            items: '[1..5]',
            steps: [{ id: 'spawn', type: 'sub_workflow', config: { workflow_id: child, wait: false } }],
          },
        },
      ],
    });
    const run = await launch(t, org, parent);
    const outcome = await waitForOutcome(t, run.id, 60_000);
    expect(outcome.status).toBe('failed');
    const steps = await t.deps.database.db
      .select()
      .from(executionSteps)
      .where(eq(executionSteps.executionId, run.id));
    expect(steps.some((s) => (s.error as { code?: string } | null)?.code === 'QUOTA_EXCEEDED')).toBe(true);
    const children = (await runsOf(org.orgId)).filter((r) => r.trigger === 'sub_workflow');
    // The parent itself counted while it ran: one child fitted beside it.
    expect(children.length).toBeLessThanOrEqual(1);
    await terminateRunning(org.orgId);
  }, 90_000);
});

function runsOf(orgId: string) {
  return t.deps.database.db.select().from(executions).where(eq(executions.orgId, orgId));
}

async function terminateRunning(orgId: string) {
  for (const run of await runsOf(orgId)) {
    if (run.status !== 'running') continue;
    await t.deps.temporal.client.workflow
      .getHandle(run.id)
      .terminate('test done')
      .catch(() => undefined);
  }
}

describe('foreach items', () => {
  it('fails a loop over more items than the limit with FOREACH_TOO_MANY_ITEMS', async () => {
    const org = await registerAccount(t.app, 'foreach-items');
    const workflowId = await seedPublishedWorkflow(t, org, {
      variables: { items: { type: 'array' } },
      steps: [
        {
          id: 'each',
          type: 'foreach',
          config: { items: 'input.items', steps: [{ id: 'x', type: 'transform', config: { value: 1 } }] },
        },
      ],
    });
    const run = await launch(t, org, workflowId, { items: new Array(MAX_FOREACH_ITEMS + 1).fill(0) });
    const outcome = await waitForOutcome(t, run.id, 30_000);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'FOREACH_TOO_MANY_ITEMS', step_id: 'each' });
  });
});

describe('schedules per organization', () => {
  it('caps their number and refuses periods shorter than the minimum', async () => {
    const limited = await createTestApp({ MAX_SCHEDULES_PER_ORG: '2', SCHEDULE_MIN_INTERVAL_SECONDS: '60' });
    try {
      const owner = await registerAccount(limited.app, 'schedule-quota');
      const workflowId = await seedPublishedWorkflow(limited, owner, sleeper);
      const create = (fields: Record<string, unknown>) =>
        call<{ code: string; errors?: { path: string; code: string }[] }>(
          limited.app,
          'POST',
          '/api/v1/schedules',
          { token: owner.token, body: { name: 's', workflow_id: workflowId, paused: true, ...fields } },
        );
      const tooOften = await create({ interval: '30s' });
      expect(tooOften.status).toBe(400);
      expect(tooOften.body.errors).toContainEqual(
        expect.objectContaining({ path: 'interval', code: 'too_small' }),
      );
      const everySecond = await create({ cron: '* * * * * *' });
      expect(everySecond.status).toBe(400);
      expect(everySecond.body.errors).toContainEqual(expect.objectContaining({ code: 'too_frequent' }));

      expect((await create({ interval: '1m' })).status).toBe(201);
      expect((await create({ cron: '30 */5 * * * *' })).status).toBe(201);
      const third = await create({ interval: '1h' });
      expect(third.status).toBe(409);
      expect(third.body.code).toBe('quota_exceeded');
    } finally {
      await limited.close();
    }
  });
});
