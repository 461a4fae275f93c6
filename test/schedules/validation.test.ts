import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedules } from '../../src/db/schema/index.js';
import type { TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';
import { createSchedule, createSchedulesApp, deleteLeftoverSchedules, QUICK_DEFINITION } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createSchedulesApp();
});
afterAll(async () => {
  await deleteLeftoverSchedules(t);
  await t?.close();
});

async function setup(label: string) {
  const account = await registerAccount(t.app, label);
  const workflowId = await seedPublishedWorkflow(t, account, {
    variables: { who: { type: 'string' }, times: { type: 'integer', default: 1 } },
    steps: QUICK_DEFINITION.steps,
  });
  return { account, workflowId };
}

async function scheduleRowsOf(account: Account) {
  return t.deps.database.db.select().from(schedules).where(eq(schedules.orgId, account.orgId));
}

/** Every refusal is a 4xx (never a 500) and leaves no record behind. */
describe('schedule validation', () => {
  it('refuses bad timing fields with 400 listing every problem, and keeps nothing', async () => {
    const { account, workflowId } = await setup('sch-invalid');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ cron: 'not a cron' }, 'validation_failed', 'cron'],
      [{ cron: '61 * * * *' }, 'invalid_schedule', 'cron'],
      [{ cron: '0 25 * * *' }, 'invalid_schedule', 'cron'],
      [{ cron: '0 9 ? * *' }, 'validation_failed', 'cron'],
      [{ cron: '@every 5m' }, 'validation_failed', 'cron'],
      [{ cron: '0 9 * * *', interval: '5m' }, 'validation_failed', 'cron'],
      [{}, 'validation_failed', 'cron'],
      [{ interval: 'often' }, 'validation_failed', 'interval'],
      [{ interval: '500ms' }, 'validation_failed', 'interval'],
      [{ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'validation_failed', 'timezone'],
      [{ cron: '0 9 * * *', timezone: 'europe/paris' }, '', 'timezone'],
      [{ cron: '0 9 * * *', catchup_window: '5s' }, 'validation_failed', 'catchup_window'],
      [{ cron: '0 9 * * *', jitter: 'a bit' }, 'validation_failed', 'jitter'],
    ];
    for (const [timing, code, path] of cases) {
      const response = await call<{ code: string; errors?: { path: string }[] }>(
        t.app,
        'POST',
        '/api/v1/schedules',
        {
          token: account.token,
          body: { name: 'bad', workflow_id: workflowId, input: { who: 'x' }, ...timing },
        },
      );
      const label = JSON.stringify(timing);
      expect(response.status, label).toBe(400);
      if (code) expect(response.body.code, label).toBe(code);
      expect(
        response.body.errors?.map((e) => e.path),
        label,
      ).toContain(path);
    }
    const twoProblems = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/schedules', {
      token: account.token,
      body: { name: 'bad', workflow_id: workflowId, input: { who: 1 }, interval: 'x', timezone: 'Nowhere' },
    });
    expect(twoProblems.body.errors.map((e) => e.path).sort()).toEqual(['input.who', 'interval', 'timezone']);
    expect(await scheduleRowsOf(account)).toEqual([]);
  });

  it('refuses an input the published version does not accept', async () => {
    const { account, workflowId } = await setup('sch-input');
    const response = await call<{ code: string; errors: { path: string; code: string }[] }>(
      t.app,
      'POST',
      '/api/v1/schedules',
      {
        token: account.token,
        body: {
          name: 'bad input',
          workflow_id: workflowId,
          input: { times: 'twice', extra: 1 },
          cron: '@daily',
        },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e) => [e.path, e.code]).sort()).toEqual([
      ['input.extra', 'unknown_variable'],
      ['input.times', 'invalid_value'],
      ['input.who', 'required'],
    ]);
  });

  it('refuses a draft, an archived or a foreign workflow', async () => {
    const { account, workflowId } = await setup('sch-target');
    const other = await setup('sch-target-other');
    const draft = await call<{ id: string }>(t.app, 'POST', '/api/v1/workflows', {
      token: account.token,
      body: { name: 'draft', definition: QUICK_DEFINITION },
    });
    expect(draft.status).toBe(201);
    const body = (id: string) => ({ name: 's', workflow_id: id, input: { who: 'x' }, cron: '@daily' });

    const unpublished = await call(t.app, 'POST', '/api/v1/schedules', {
      token: account.token,
      body: body(draft.body.id),
    });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.code).toBe('workflow_not_published');

    const foreign = await call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/schedules', {
      token: account.token,
      body: body(other.workflowId),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.map((e) => e.path)).toEqual(['workflow_id']);

    const archive = await call(t.app, 'POST', `/api/v1/workflows/${workflowId}/archive`, {
      token: account.token,
    });
    expect(archive.status).toBe(200);
    const archived = await call(t.app, 'POST', '/api/v1/schedules', {
      token: account.token,
      body: body(workflowId),
    });
    expect(archived.status).toBe(409);
    expect(archived.body.code).toBe('workflow_archived');
    expect(await scheduleRowsOf(account)).toEqual([]);
  });

  it('refuses unknown fields and bad backfill ranges', async () => {
    const { account, workflowId } = await setup('sch-body');
    const unknown = await call(t.app, 'POST', '/api/v1/schedules', {
      token: account.token,
      body: { name: 's', workflow_id: workflowId, input: { who: 'x' }, cron: '@daily', cronn: 'typo' },
    });
    expect(unknown.status).toBe(400);

    const created = await createSchedule(t, account, {
      name: 'every second',
      workflow_id: workflowId,
      input: { who: 'x' },
      interval: '1s',
      paused: true,
    });
    const backfill = (body: unknown) =>
      call<{ code: string }>(t.app, 'POST', `/api/v1/schedules/${created.id}/backfill`, {
        token: account.token,
        body,
      });
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const now = new Date().toISOString();
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await backfill({ start: now, end: hourAgo })).status).toBe(400);
    expect((await backfill({ start: hourAgo, end: future })).status).toBe(400);
    expect((await backfill({ start: 'yesterday', end: now })).status).toBe(400);
    const tooLarge = await backfill({ start: hourAgo, end: now });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.code).toBe('backfill_too_large');
  });
});
