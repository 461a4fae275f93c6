import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness/app.js';
import { scheduleFixture } from '../harness/fixtures/schedule.js';
import { call, registerAccount } from '../harness/http.js';
import { fillPath, listOperations } from '../harness/openapi.js';
import { createSchedulesApp, deleteLeftoverSchedules, track } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createSchedulesApp();
  await t.startWorker();
});
afterAll(async () => {
  await deleteLeftoverSchedules(t);
  await t?.close();
});

// The suite-wide tenancy probe, run here on the schedule routes with the schedule fixture, so the
// fixture is known to work before it joins test/harness/resource-fixtures.ts.
describe('schedule routes and other organizations', () => {
  it('answers 404 to another organization on every schedule route with an id, as for a missing id', async () => {
    const owner = await registerAccount(t.app, 'sch-tenant-a');
    const stranger = await registerAccount(t.app, 'sch-tenant-b');
    const routes = (await listOperations(t.app)).filter((op) => op.resource === 'schedule');
    expect(routes.map((op) => op.operationId).sort()).toEqual([
      'backfillSchedule',
      'deleteSchedule',
      'getSchedule',
      'runSchedule',
      'toggleSchedule',
      'updateSchedule',
    ]);
    for (const op of routes) {
      const label = `${op.method} ${op.path}`;
      const params = await scheduleFixture.create(t, owner);
      track(params.id as string);
      const path = fillPath(op.path, params);
      const body = scheduleFixture.bodies?.[op.operationId] ?? (op.hasBody ? {} : undefined);
      const foreign = await call(t.app, op.method, path, { token: stranger.token, body });
      expect(foreign.status, label).toBe(404);
      expect(foreign.body.code, label).toBe('not_found');
      const missing = await call(t.app, op.method, fillPath(op.path, { id: 'missing_0' }), {
        token: owner.token,
        body,
      });
      expect(missing.status, label).toBe(404);
      expect({ ...foreign.body, request_id: null, instance: null }).toEqual({
        ...missing.body,
        request_id: null,
        instance: null,
      });
      const own = await call(t.app, op.method, path, { token: owner.token, body });
      expect(own.status, label).toBeLessThan(300);
    }
  });
});
