import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';
import { fillPath, listOperations } from './harness/openapi.js';
import { GLOBAL_RESOURCE, RESOURCE_FIXTURES } from './harness/resource-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
});
afterAll(() => t?.close());

describe('tenancy probe, generated from /openapi.json', () => {
  it('answers 404 to another organization on every route with an id, as for a missing id', async () => {
    const owner = await registerAccount(t.app, 'tenant-a');
    const stranger = await registerAccount(t.app, 'tenant-b');
    const idRoutes = (await listOperations(t.app)).filter(
      (op) => op.pathParams.length > 0 && op.permission !== 'public',
    );
    expect(idRoutes.length).toBeGreaterThan(0);
    // Robot routes take robot tokens: org B's robot is the stranger; the fixture's robot is the owner.
    const strangerRobot = await call<{ token: string }>(t.app, 'POST', '/api/v1/agents', {
      token: stranger.token,
      body: { kind: 'robot', name: 'tenant-b robot' },
    });

    for (const op of idRoutes) {
      const label = `${op.method} ${op.path}`;
      expect(op.resource, `${label} names no x-resource`).toBeDefined();
      if (op.resource === GLOBAL_RESOURCE) continue;
      const fixture = RESOURCE_FIXTURES[op.resource as string];
      expect(fixture, `${label}: no fixture for resource ${op.resource}`).toBeDefined();
      if (!fixture) continue;
      const params = await fixture.create(t, owner);
      const path = fillPath(op.path, params);
      const body = fixture.bodies?.[op.operationId] ?? (op.hasBody ? {} : undefined);
      const robotRoute = op.permission === 'robot';
      const ownerToken = robotRoute ? (params.robot_token as string) : owner.token;

      const foreign = await call(t.app, op.method, path, {
        token: robotRoute ? strangerRobot.body.token : stranger.token,
        body,
      });
      expect(foreign.status, `${label} as another organization`).toBe(404);
      expect(foreign.body.code, label).toBe('not_found');

      const missing = await call(
        t.app,
        op.method,
        fillPath(op.path, { ...params, [op.pathParams[0] as string]: 'missing_0' }),
        {
          token: ownerToken,
          body,
        },
      );
      expect(missing.status, `${label} with a missing id`).toBe(404);
      expect({ ...foreign.body, request_id: null, instance: null, detail: null }).toEqual({
        ...missing.body,
        request_id: null,
        instance: null,
        detail: null,
      });

      // The owner reaches it (the answer may still be a state conflict such as cancelling a finished
      // run): the fixture is real, so the 404 above proves isolation, not a broken route.
      const own = await call(t.app, op.method, path, { token: ownerToken, body });
      expect(own.status, `${label} as the owner`).not.toBe(404);
      expect(own.status, `${label} as the owner`).toBeLessThan(500);
    }
  });
});
