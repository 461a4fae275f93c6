import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';
import { type Account, call, registerAccount } from './harness/http.js';
import { fillPath, listOperations } from './harness/openapi.js';
import { GLOBAL_RESOURCE, RESOURCE_FIXTURES } from './harness/resource-fixtures.js';

// Created while the file is collected: the operations, read from the app's own /openapi.json,
// become one test each, so one route's failure never hides another's.
const t: TestApp = await createTestApp();
const idRoutes = (await listOperations(t.app)).filter(
  (op) => op.pathParams.length > 0 && op.permission !== 'public',
);

let owner: Account;
let stranger: Account;
let strangerRobotToken: string;
beforeAll(async () => {
  await t.startWorker();
  owner = await registerAccount(t.app, 'tenant-a');
  stranger = await registerAccount(t.app, 'tenant-b');
  // Robot routes take robot tokens: org B's robot is the stranger; the fixture's robot is the owner.
  const robot = await call<{ token: string }>(t.app, 'POST', '/api/v1/agents', {
    token: stranger.token,
    body: { kind: 'robot', name: 'tenant-b robot' },
  });
  strangerRobotToken = robot.body.token;
});
afterAll(() => t.close());

describe('tenancy probe, generated from /openapi.json', () => {
  it('finds routes with ids to probe', () => {
    expect(idRoutes.length).toBeGreaterThan(40);
  });

  for (const op of idRoutes) {
    const label = `${op.method} ${op.path}`;
    it(`${label} answers 404 to another organization, as for a missing id`, async () => {
      expect(op.resource, `${label} names no x-resource`).toBeDefined();
      if (op.resource === GLOBAL_RESOURCE) return;
      const fixture = RESOURCE_FIXTURES[op.resource as string];
      expect(fixture, `${label}: no fixture for resource ${op.resource}`).toBeDefined();
      if (!fixture) return;
      const params = await fixture.create(t, owner);
      const path = fillPath(op.path, params);
      const body = fixture.bodies?.[op.operationId] ?? (op.hasBody ? {} : undefined);
      const robotRoute = op.permission === 'robot';
      const ownerToken = robotRoute ? (params.robot_token as string) : owner.token;

      const foreign = await call(t.app, op.method, path, {
        token: robotRoute ? strangerRobotToken : stranger.token,
        body,
      });
      expect(foreign.status, `${label} as another organization`).toBe(404);
      expect(foreign.body.code, label).toBe('not_found');

      const missing = await call(
        t.app,
        op.method,
        fillPath(op.path, { ...params, [op.pathParams[0] as string]: 'missing_0' }),
        { token: ownerToken, body },
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
    });
  }
});
