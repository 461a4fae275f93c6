import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../harness/app.js';
import { triggerFixture } from '../harness/fixtures/trigger.js';
import { call, registerAccount } from '../harness/http.js';
import { fillPath, listOperations } from '../harness/openapi.js';
import { createTriggersApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTriggersApp();
  await t.startWorker();
});
afterAll(() => t?.close());

// The suite-wide tenancy probe, run here on the trigger routes with the trigger fixture, so the
// fixture is known to work before it joins test/harness/resource-fixtures.ts.
describe('trigger routes and other organizations', () => {
  it('answers 404 to another organization on every trigger route with an id, as for a missing id', async () => {
    const owner = await registerAccount(t.app, 'trg-tenant-a');
    const stranger = await registerAccount(t.app, 'trg-tenant-b');
    const routes = (await listOperations(t.app)).filter((op) => op.resource === 'trigger');
    expect(routes.map((op) => op.operationId).sort()).toEqual([
      'deleteTrigger',
      'fireTrigger',
      'getTrigger',
      'rotateTriggerSecret',
      'toggleTrigger',
      'updateTrigger',
    ]);
    for (const op of routes) {
      const label = `${op.method} ${op.path}`;
      const params = await triggerFixture.create(t, owner);
      const path = fillPath(op.path, params);
      const body = triggerFixture.bodies?.[op.operationId] ?? (op.hasBody ? {} : undefined);
      const foreign = await call(t.app, op.method, path, { token: stranger.token, body });
      expect(foreign.status, label).toBe(404);
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
