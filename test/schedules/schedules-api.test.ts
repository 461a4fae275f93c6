import { ScheduleNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, schedules } from '../../src/db/schema/index.js';
import { createSchedule as createScheduleService } from '../../src/services/schedules/create-schedule.js';
import type { ScheduleResource } from '../../src/services/schedules/types.js';
import type { TestApp } from '../harness/app.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';
import {
  createSchedule,
  createSchedulesApp,
  deleteLeftoverSchedules,
  getSchedule,
  QUICK_DEFINITION,
  track,
} from './helpers.js';

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

/** Wall-clock hour and minute of `iso` in `timeZone`, as Intl computes it (independently of Temporal). */
function localTime(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

async function scheduleRowsOf(account: Account) {
  return t.deps.database.db.select().from(schedules).where(eq(schedules.orgId, account.orgId));
}

describe('schedules API', () => {
  it('creates a schedule in Temporal and shows the cron text as entered with next runs in its time zone', async () => {
    const { account, workflowId } = await setup('sch-create');
    const created = await createSchedule(t, account, {
      name: 'Morning report',
      workflow_id: workflowId,
      input: { who: 'ada' },
      cron: '0 9 * * *',
      timezone: 'Europe/Paris',
      paused: true,
    });
    expect(created.id).toMatch(/^sch_/);
    expect(created).toMatchObject({
      name: 'Morning report',
      cron: '0 9 * * *',
      interval: null,
      timezone: 'Europe/Paris',
      overlap_policy: 'skip',
      paused: true,
      temporal: { schedule_id: created.id },
    });

    const got = await getSchedule(t, account, created.id);
    expect(got.status).toBe(200);
    expect(got.body.cron).toBe('0 9 * * *');
    expect(got.body.next_run_times).toHaveLength(5);
    let previous = Date.now();
    for (const next of got.body.next_run_times) {
      // 09:00 in Paris: 08:00Z in winter, 07:00Z in summer.
      expect(localTime(next, 'Europe/Paris')).toEqual({ hour: 9, minute: 0, second: 0 });
      expect([7, 8]).toContain(new Date(next).getUTCHours());
      expect(new Date(next).getTime()).toBeGreaterThan(previous);
      previous = new Date(next).getTime();
    }
    expect(new Date(got.body.next_run_times[0] as string).getTime() - Date.now()).toBeLessThanOrEqual(
      25 * 3600_000,
    );

    // Temporal holds the same schedule (compiled), starting our scheduled workflow.
    const live = await t.deps.temporal.client.schedule.getHandle(created.id).describe();
    expect(live.spec.timezone).toBe('Europe/Paris');
    expect(live.spec.calendars?.[0]?.hour).toEqual([{ start: 9, end: 9, step: 1 }]);
    expect(live.action.workflowType).toBe('scheduledWorkflow');
    expect(live.action.workflowId).toBe(`exe_${created.id}`);
    expect(live.action.taskQueue).toBe(t.deps.temporal.taskQueue);
    expect(live.state.paused).toBe(true);

    const audit = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, account.orgId), eq(auditLogs.resourceId, created.id)));
    expect(audit.map((a) => a.action)).toEqual(['schedule.create']);
  });

  it('reads a 6-field cron as seconds first', async () => {
    const { account, workflowId } = await setup('sch-seconds');
    const created = await createSchedule(t, account, {
      name: 'every 15 seconds',
      workflow_id: workflowId,
      input: { who: 'x' },
      cron: '*/15 * * * * *',
      paused: true,
    });
    expect(created.cron).toBe('*/15 * * * * *');
    const seconds = created.next_run_times.map((time) => new Date(time).getUTCSeconds());
    expect(seconds.every((s) => s % 15 === 0)).toBe(true);
    const gaps = created.next_run_times
      .slice(1)
      .map((time, i) => new Date(time).getTime() - new Date(created.next_run_times[i] as string).getTime());
    expect(new Set(gaps)).toEqual(new Set([15_000]));
  });

  it('lists the organization’s live schedules with their Temporal state', async () => {
    const { account, workflowId } = await setup('sch-list');
    const stranger = await setup('sch-list-other');
    const a = await createSchedule(t, account, {
      name: 'a',
      workflow_id: workflowId,
      input: { who: 'a' },
      interval: '1h',
      paused: true,
    });
    const b = await createSchedule(t, account, {
      name: 'b',
      workflow_id: workflowId,
      input: { who: 'b' },
      cron: '@daily',
      paused: true,
    });
    const gone = await createSchedule(t, account, {
      name: 'gone',
      workflow_id: workflowId,
      input: { who: 'c' },
      cron: '@daily',
    });
    await createSchedule(t, stranger.account, {
      name: 'theirs',
      workflow_id: stranger.workflowId,
      input: { who: 'd' },
      cron: '@daily',
      paused: true,
    });
    expect(
      (await call(t.app, 'DELETE', `/api/v1/schedules/${gone.id}`, { token: account.token })).status,
    ).toBe(204);
    await call(t.app, 'POST', `/api/v1/schedules/${a.id}/toggle`, {
      token: account.token,
      body: { paused: false },
    });

    const list = await call<{ items: ScheduleResource[]; total: number }>(
      t.app,
      'GET',
      '/api/v1/schedules?page_size=10',
      { token: account.token },
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((s) => s.id)).toEqual([b.id, a.id]);
    const [first, second] = list.body.items;
    expect(first?.paused).toBe(true);
    expect(second?.paused).toBe(false);
    expect(second?.next_run_times.length).toBeGreaterThan(0);
    // Every hour on the hour (intervals count from the epoch).
    expect(new Date(second?.next_run_times[0] as string).getTime() % 3600_000).toBe(0);
  });

  it('updates the record and the Temporal Schedule together', async () => {
    const { account, workflowId } = await setup('sch-update');
    const created = await createSchedule(t, account, {
      name: 'before',
      workflow_id: workflowId,
      input: { who: 'x' },
      cron: '0 9 * * *',
      paused: true,
    });
    const updated = await call<ScheduleResource>(t.app, 'PUT', `/api/v1/schedules/${created.id}`, {
      token: account.token,
      body: {
        name: 'after',
        cron: '30 6 * * MON-FRI',
        timezone: 'America/New_York',
        overlap_policy: 'buffer_one',
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'after',
      cron: '30 6 * * MON-FRI',
      timezone: 'America/New_York',
      overlap_policy: 'buffer_one',
      paused: true,
    });
    for (const next of updated.body.next_run_times) {
      expect(localTime(next, 'America/New_York')).toMatchObject({ hour: 6, minute: 30 });
    }
    const live = await t.deps.temporal.client.schedule.getHandle(created.id).describe();
    expect(live.policies.overlap).toBe('BUFFER_ONE');
    expect(live.spec.calendars?.[0]?.minute).toEqual([{ start: 30, end: 30, step: 1 }]);

    // Giving only an interval replaces the cron; an invalid change leaves everything as it was.
    const switched = await call<ScheduleResource>(t.app, 'PUT', `/api/v1/schedules/${created.id}`, {
      token: account.token,
      body: { interval: '10m', paused: false },
    });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ cron: null, interval: '10m', paused: false });
    const refused = await call(t.app, 'PUT', `/api/v1/schedules/${created.id}`, {
      token: account.token,
      body: { input: { who: 42 } },
    });
    expect(refused.status).toBe(400);
    expect((await getSchedule(t, account, created.id)).body).toMatchObject({
      input: { who: 'x' },
      interval: '10m',
    });
    const liveAfter = await t.deps.temporal.client.schedule.getHandle(created.id).describe();
    expect(liveAfter.spec.intervals?.map((i) => i.every)).toEqual([600_000]);
    expect(liveAfter.spec.calendars ?? []).toEqual([]);
  });

  it('pauses, unpauses and flips with a note, in Temporal', async () => {
    const { account, workflowId } = await setup('sch-toggle');
    const created = await createSchedule(t, account, {
      name: 'toggle me',
      workflow_id: workflowId,
      input: { who: 'x' },
      cron: '@daily',
    });
    expect(created.paused).toBe(false);
    const paused = await call<ScheduleResource>(t.app, 'POST', `/api/v1/schedules/${created.id}/toggle`, {
      token: account.token,
      body: { paused: true },
    });
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    expect(paused.body.note).toContain(account.userId);
    expect((await t.deps.temporal.client.schedule.getHandle(created.id).describe()).state.paused).toBe(true);

    const flipped = await call<ScheduleResource>(t.app, 'POST', `/api/v1/schedules/${created.id}/toggle`, {
      token: account.token,
    });
    expect(flipped.body.paused).toBe(false);
    expect(flipped.body.note).toMatch(/^Unpaused/);
  });

  it('deletes the record and the Temporal Schedule', async () => {
    const { account, workflowId } = await setup('sch-delete');
    const created = await createSchedule(t, account, {
      name: 'doomed',
      workflow_id: workflowId,
      input: { who: 'x' },
      cron: '@hourly',
    });
    const deleted = await call(t.app, 'DELETE', `/api/v1/schedules/${created.id}`, { token: account.token });
    expect(deleted.status).toBe(204);
    expect((await getSchedule(t, account, created.id)).status).toBe(404);
    await expect(t.deps.temporal.client.schedule.getHandle(created.id).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    const again = await call(t.app, 'DELETE', `/api/v1/schedules/${created.id}`, { token: account.token });
    expect(again.status).toBe(404);
    const [row] = await scheduleRowsOf(account);
    expect(row?.deletedAt).toBeInstanceOf(Date);
  });

  it('answers 404 to another organization on every schedule route', async () => {
    const owner = await setup('sch-owner');
    const stranger = await registerAccount(t.app, 'sch-stranger');
    const created = await createSchedule(t, owner.account, {
      name: 'mine',
      workflow_id: owner.workflowId,
      input: { who: 'x' },
      cron: '@daily',
      paused: true,
    });
    const base = `/api/v1/schedules/${created.id}`;
    const attempts: [string, string, unknown][] = [
      ['GET', base, undefined],
      ['PUT', base, { name: 'stolen' }],
      ['DELETE', base, undefined],
      ['POST', `${base}/toggle`, { paused: false }],
      ['POST', `${base}/run`, {}],
      ['POST', `${base}/backfill`, { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(t.app, method, path, { token: stranger.token, body });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
    const list = await call<{ total: number }>(t.app, 'GET', '/api/v1/schedules', { token: stranger.token });
    expect(list.body.total).toBe(0);
    const still = await getSchedule(t, owner.account, created.id);
    expect(still.body).toMatchObject({ name: 'mine', paused: true });
  });

  it('records the trigger a schedule backs when the service is called for one', async () => {
    const { account, workflowId } = await setup('sch-service');
    const resource = await createScheduleService(
      userContextFor(t, account, ['schedules:write']),
      { name: 'for a trigger', workflow_id: workflowId, input: { who: 'x' }, interval: '1d', paused: true },
      { triggerId: 'trg_probe' },
    );
    track(resource.id);
    expect(resource).toMatchObject({ trigger_id: 'trg_probe', interval: '1d', paused: true });
    await expect(
      createScheduleService(userContextFor(t, account, ['schedules:read']), {
        name: 'no right',
        workflow_id: workflowId,
        input: { who: 'x' },
        interval: '1d',
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
