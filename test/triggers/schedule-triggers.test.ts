import { ScheduleNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions, schedules } from '../../src/db/schema/index.js';
import { recordScheduledFiring } from '../../src/services/triggers/record-scheduled-firing.js';
import { eventually } from '../executions/helpers.js';
import type { TestApp } from '../harness/app.js';
import { call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';
import { createTrigger, createTriggersApp, ECHO_DEFINITION } from './helpers.js';

let t: TestApp;
const made = new Set<string>();

beforeAll(async () => {
  t = await createTriggersApp();
  await t.startWorker();
});
afterAll(async () => {
  // Temporal Schedules outlive the test's database: none may keep firing at a queue nobody polls.
  for (const id of made) {
    try {
      await t.deps.temporal.client.schedule.getHandle(id).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }
  await t?.close();
});

const describeSchedule = (id: string) => t.deps.temporal.client.schedule.getHandle(id).describe();

describe('schedule triggers', () => {
  it('own a Temporal Schedule: created with them, paused and resumed by toggling, deleted with them', async () => {
    const account = await registerAccount(t.app, 'schedule-trigger');
    const workflowId = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
    const trigger = await createTrigger(t, account, {
      name: 'every second',
      type: 'schedule',
      workflow_id: workflowId,
      config: { interval: '1s', input: { customer: 'clock' } },
    });
    const scheduleId = trigger.schedule_id as string;
    made.add(scheduleId);
    expect(scheduleId).toMatch(/^sch_/);
    expect(trigger.config).toMatchObject({ interval: '1s', timezone: 'UTC', overlap_policy: 'skip' });
    const [record] = await t.deps.database.db.select().from(schedules).where(eq(schedules.id, scheduleId));
    expect(record).toMatchObject({ triggerId: trigger.id, workflowId, interval: '1s' });
    const live = await describeSchedule(scheduleId);
    expect(live.state.paused).toBe(false);
    expect(live.spec.intervals?.[0]?.every).toBe(1000);

    // Temporal fires it: runs of the workflow with the configured input.
    const run = await eventually(async () => {
      const [row] = await t.deps.database.db
        .select()
        .from(executions)
        .where(and(eq(executions.workflowId, workflowId), eq(executions.trigger, 'schedule')));
      return row;
    });
    expect(run.input).toEqual({ customer: 'clock', amount: 0 });
    // The firing Temporal made is counted on the trigger, as a firing through the API would be.
    const counted = await eventually(async () => {
      const got = await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token });
      return (got.body.fire_count as number) > 0 ? got.body : undefined;
    });
    expect(counted.last_fired_at).toEqual(expect.any(String));
    expect(counted.last_error).toBeNull();

    // Its schedule is the trigger's: /schedules shows it but leaves changes to the trigger.
    const shown = await call(t.app, 'GET', `/api/v1/schedules/${scheduleId}`, { token: account.token });
    expect(shown.body).toMatchObject({ trigger_id: trigger.id });
    for (const [method, path] of [
      ['PUT', `/api/v1/schedules/${scheduleId}`],
      ['POST', `/api/v1/schedules/${scheduleId}/toggle`],
      ['DELETE', `/api/v1/schedules/${scheduleId}`],
    ] as const) {
      const body = method === 'PUT' ? { name: 'mine now' } : undefined;
      const refused = await call(t.app, method, path, { token: account.token, body });
      expect(refused.status, `${method} ${path}`).toBe(409);
      expect(refused.body).toMatchObject({ code: 'schedule_owned_by_trigger', trigger_id: trigger.id });
    }

    const off = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, { token: account.token });
    expect(off.body).toMatchObject({ enabled: false });
    expect((await describeSchedule(scheduleId)).state.paused).toBe(true);
    const on = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, { token: account.token });
    expect(on.body).toMatchObject({ enabled: true });
    expect((await describeSchedule(scheduleId)).state.paused).toBe(false);

    const changed = await call(t.app, 'PUT', `/api/v1/triggers/${trigger.id}`, {
      token: account.token,
      body: {
        config: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Berlin', input: { customer: 'c' } },
        enabled: false,
      },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const updated = await describeSchedule(scheduleId);
    expect(updated.spec.timezone).toBe('Europe/Berlin');
    expect(updated.spec.intervals ?? []).toEqual([]);
    expect(updated.state.paused).toBe(true);

    expect(
      (await call(t.app, 'DELETE', `/api/v1/triggers/${trigger.id}`, { token: account.token })).status,
    ).toBe(204);
    await expect(describeSchedule(scheduleId)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('creates a disabled one paused, fires by hand with its input, and reports schedule errors as config errors', async () => {
    const account = await registerAccount(t.app, 'schedule-trigger-2');
    const workflowId = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
    const trigger = await createTrigger(t, account, {
      name: 'weekdays',
      type: 'schedule',
      workflow_id: workflowId,
      enabled: false,
      config: { cron: '0 9 * * 1-5', input: { customer: 'morning' } },
    });
    made.add(trigger.schedule_id as string);
    expect((await describeSchedule(trigger.schedule_id as string)).state.paused).toBe(true);

    await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, {
      token: account.token,
      body: { enabled: true },
    });
    const fired = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/fire`, {
      token: account.token,
      body: {},
    });
    expect(fired.status).toBe(202);
    expect(fired.body).toMatchObject({ trigger: 'manual', input: { customer: 'morning', amount: 0 } });

    // What the scheduled run's activity reports lands on the trigger like any firing.
    const db = t.deps.database.db;
    const scheduleId = trigger.schedule_id as string;
    await recordScheduledFiring(db, { orgId: account.orgId, scheduleId, executionId: 'exe_scheduled' });
    await recordScheduledFiring(db, {
      orgId: account.orgId,
      scheduleId,
      executionId: null,
      error: { code: 'INPUT_INVALID', message: 'customer missing' },
    });
    const stranger = await registerAccount(t.app, 'schedule-trigger-stranger');
    await recordScheduledFiring(db, { orgId: stranger.orgId, scheduleId, executionId: 'exe_other_org' });
    const read = await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token });
    expect(read.body).toMatchObject({
      fire_count: 2,
      last_error: { code: 'INPUT_INVALID', message: 'customer missing' },
    });

    const bad = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'broken',
        type: 'schedule',
        workflow_id: workflowId,
        config: { cron: 'every day', timezone: 'Mars/Olympus', input: { customer: 7 } },
      },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'config.cron',
      'config.input.customer',
      'config.timezone',
    ]);
    const both = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'both',
        type: 'schedule',
        workflow_id: workflowId,
        config: { cron: '* * * * *', interval: '5m' },
      },
    });
    expect(both.body.errors).toEqual([expect.objectContaining({ path: 'config.cron' })]);
    const rows = await t.deps.database.db
      .select()
      .from(schedules)
      .where(eq(schedules.workflowId, workflowId));
    expect(rows).toHaveLength(1);
  });
});
