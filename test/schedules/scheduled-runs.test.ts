import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows } from '../../src/db/schema/index.js';
import { ConveyorExecutionId, ConveyorOrgId, ConveyorTrigger } from '../../src/temporal/search-attributes.js';
import type { TestApp } from '../harness/app.js';
import { call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';
import {
  createSchedule,
  createSchedulesApp,
  deleteLeftoverSchedules,
  getSchedule,
  poll,
  QUICK_DEFINITION,
  runsOf,
} from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createSchedulesApp();
  await t.startWorker();
});
afterAll(async () => {
  await deleteLeftoverSchedules(t);
  await t?.close();
});

async function setup(label: string, definition: unknown = QUICK_DEFINITION) {
  const account = await registerAccount(t.app, label);
  const workflowId = await seedPublishedWorkflow(t, account, definition);
  return { account, workflowId };
}

const SLOW_DEFINITION = {
  steps: [{ id: 'wait', type: 'delay', config: { duration: '3s' } }],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduled runs', () => {
  it('fires on its interval; every run is a completed execution with trigger schedule', async () => {
    const { account, workflowId } = await setup('sch-fire');
    const schedule = await createSchedule(t, account, {
      name: 'every second',
      workflow_id: workflowId,
      input: { who: 'ada' },
      interval: '1s',
    });
    const runs = await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.filter((r) => r.status === 'completed').length >= 2,
      'two completed scheduled runs',
    );
    await call(t.app, 'POST', `/api/v1/schedules/${schedule.id}/toggle`, {
      token: account.token,
      body: { paused: true },
    });
    const done = runs.filter((r) => r.status === 'completed');
    for (const run of done) {
      expect(run).toMatchObject({
        orgId: account.orgId,
        workflowId,
        trigger: 'schedule',
        output: 'hello ada',
      });
      expect(run.id).toMatch(new RegExp(`^exe_${schedule.id}-\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$`));
    }

    // The API's execution list shows them, and the schedule lists them as its recent runs.
    const listed = await call<{ items: { id: string; trigger: string; workflow_id: string }[] }>(
      t.app,
      'GET',
      `/api/v1/executions?trigger=schedule&workflow_id=${workflowId}`,
      { token: account.token },
    );
    expect(listed.status).toBe(200);
    const listedIds = listed.body.items.map((e) => e.id);
    for (const run of done) expect(listedIds).toContain(run.id);
    const detail = await getSchedule(t, account, schedule.id);
    const recent = detail.body.recent_runs.map((r) => r.execution_id);
    for (const run of done) expect(recent).toContain(run.id);
    expect(detail.body.actions_taken).toBeGreaterThanOrEqual(2);

    // Temporal knows each run under the same id, with our search attributes.
    const described = await t.deps.temporal.client.workflow.getHandle(done[0]?.id as string).describe();
    expect(described.type).toBe('scheduledWorkflow');
    expect(described.typedSearchAttributes.get(ConveyorExecutionId)).toBe(done[0]?.id);
    expect(described.typedSearchAttributes.get(ConveyorTrigger)).toBe('schedule');
    expect(described.typedSearchAttributes.get(ConveyorOrgId)).toBe(account.orgId);
  });

  it('starts no run while paused and resumes when unpaused', async () => {
    const { account, workflowId } = await setup('sch-pause');
    const schedule = await createSchedule(t, account, {
      name: 'pausable',
      workflow_id: workflowId,
      input: {},
      interval: '1s',
    });
    await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.length >= 1,
      'a first run',
    );
    const paused = await call<{ paused: boolean }>(t.app, 'POST', `/api/v1/schedules/${schedule.id}/toggle`, {
      token: account.token,
      body: { paused: true },
    });
    expect(paused.body.paused).toBe(true);
    // A run Temporal took just before the pause may still be recording itself: let it land.
    const handle = t.deps.temporal.client.schedule.getHandle(schedule.id);
    const takenWhenPaused = (await handle.describe()).info.numActionsTaken;
    await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.length >= takenWhenPaused,
      'runs taken before pause',
    );
    const before = (await runsOf(t, schedule.id)).length;
    await sleep(3000);
    expect((await runsOf(t, schedule.id)).length).toBe(before);
    expect((await handle.describe()).info.numActionsTaken).toBe(takenWhenPaused);

    await call(t.app, 'POST', `/api/v1/schedules/${schedule.id}/toggle`, { token: account.token });
    await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.length > before,
      'a run after unpausing',
    );
  });

  it('skips runs that would overlap under skip, and overlaps them under allow_all', async () => {
    const skip = await setup('sch-skip', SLOW_DEFINITION);
    const skipping = await createSchedule(t, skip.account, {
      name: 'slow, skip',
      workflow_id: skip.workflowId,
      input: {},
      interval: '1s',
      overlap_policy: 'skip',
    });
    const allow = await setup('sch-allow', SLOW_DEFINITION);
    const overlapping = await createSchedule(t, allow.account, {
      name: 'slow, allow all',
      workflow_id: allow.workflowId,
      input: {},
      interval: '1s',
      overlap_policy: 'allow_all',
    });

    let maxRunningSkip = 0;
    let maxRunningAllow = 0;
    const deadline = Date.now() + 20_000;
    let skipped = 0;
    while (Date.now() < deadline && (skipped < 2 || maxRunningAllow < 2)) {
      const skipRuns = await runsOf(t, skipping.id);
      const allowRuns = await runsOf(t, overlapping.id);
      maxRunningSkip = Math.max(maxRunningSkip, skipRuns.filter((r) => r.status === 'running').length);
      maxRunningAllow = Math.max(maxRunningAllow, allowRuns.filter((r) => r.status === 'running').length);
      const detail = await getSchedule(t, skip.account, skipping.id);
      expect(detail.body.running.length).toBeLessThanOrEqual(1);
      skipped = detail.body.actions_skipped_overlap;
      await sleep(200);
    }
    for (const [account, id] of [
      [skip.account, skipping.id],
      [allow.account, overlapping.id],
    ] as const) {
      await call(t.app, 'POST', `/api/v1/schedules/${id}/toggle`, {
        token: account.token,
        body: { paused: true },
      });
    }
    expect(skipped).toBeGreaterThanOrEqual(2);
    expect(maxRunningSkip).toBeLessThanOrEqual(1);
    expect(maxRunningAllow).toBeGreaterThanOrEqual(2);
  });

  it('runs now on request, even while paused', async () => {
    const { account, workflowId } = await setup('sch-run-now');
    const schedule = await createSchedule(t, account, {
      name: 'yearly',
      workflow_id: workflowId,
      input: { who: 'now' },
      cron: '0 0 1 1 *',
      paused: true,
    });
    const accepted = await call(t.app, 'POST', `/api/v1/schedules/${schedule.id}/run`, {
      token: account.token,
    });
    expect(accepted.status).toBe(202);
    const [run] = await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.some((r) => r.status === 'completed'),
      'the triggered run',
    );
    expect(run).toMatchObject({ trigger: 'schedule', output: 'hello now' });
    expect((await getSchedule(t, account, schedule.id)).body.paused).toBe(true);
  });

  it('backfills a past range with one run per slot the timetable had', async () => {
    const { account, workflowId } = await setup('sch-backfill');
    const schedule = await createSchedule(t, account, {
      name: 'every ten minutes',
      workflow_id: workflowId,
      input: { who: 'past' },
      cron: '*/10 * * * *',
      paused: true,
    });
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;
    const start = new Date(hour + 5 * 60_000);
    const end = new Date(hour + 55 * 60_000);
    const accepted = await call<{ runs: number }>(
      t.app,
      'POST',
      `/api/v1/schedules/${schedule.id}/backfill`,
      {
        token: account.token,
        body: { start: start.toISOString(), end: end.toISOString() },
      },
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body.runs).toBe(5);
    const runs = await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.filter((r) => r.status === 'completed').length >= 5,
      'five backfilled runs',
    );
    const expected = [10, 20, 30, 40, 50].map(
      (minute) => `exe_${schedule.id}-${new Date(hour + minute * 60_000).toISOString().replace('.000', '')}`,
    );
    expect(runs.map((r) => r.id).sort()).toEqual(expected);
  });

  it('fails a run whose workflow was archived, and pauses on failure when asked', async () => {
    const { account, workflowId } = await setup('sch-fail');
    const schedule = await createSchedule(t, account, {
      name: 'fragile',
      workflow_id: workflowId,
      input: {},
      interval: '1s',
      pause_on_failure: true,
    });
    await poll(
      () => runsOf(t, schedule.id),
      (rows) => rows.length >= 1,
      'a first run',
    );
    await t.deps.database.db
      .update(workflows)
      .set({ status: 'archived' })
      .where(eq(workflows.id, workflowId));
    const paused = await poll(
      () => getSchedule(t, account, schedule.id),
      (response) => response.body.paused === true,
      'pause on failure',
    );
    const failed = paused.body.recent_runs.at(-1)?.execution_id as string;
    const handle = t.deps.temporal.client.workflow.getHandle(failed);
    await poll(
      () => handle.describe(),
      (d) => d.status.name !== 'RUNNING',
      'the failed run to close',
    );
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(paused.body.note).toBeTruthy();
    const rows = await runsOf(t, schedule.id);
    expect(rows.map((r) => r.id)).not.toContain(failed);
  });
});
