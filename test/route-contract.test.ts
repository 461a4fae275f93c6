import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermission } from '../src/services/access/catalogue.js';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';
import { fillPath, listOperations, type Operation } from './harness/openapi.js';

/** Routes that answer without a login. Adding one here is a decision, reviewed like one. */
const DOCUMENTED_PUBLIC = new Set([
  'GET /api/health',
  'GET /api/health/health',
  'GET /api/health/status',
  'GET /metrics',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/triggers/webhooks/{path}',
  // The OAuth provider redirects the browser here; the state, bound to a user, is the credential.
  'GET /api/v1/connected-apps/oauth/callback',
  // A signed 60 s ticket is its credential: it sets the codec session cookie (docs/codec.md).
  'GET /api/v1/codec/session/{ticket}',
]);

let t: TestApp;
let operations: Operation[];
beforeAll(async () => {
  t = await createTestApp();
  operations = await listOperations(t.app);
});
afterAll(() => t?.close());

describe('route contract, generated from /openapi.json', () => {
  it('describes the routes of this issue', () => {
    const keys = operations.map((o) => `${o.method} ${o.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([...DOCUMENTED_PUBLIC, 'GET /api/v1/auth/me', 'POST /api/v1/system/ping']),
    );
  });

  it('declares a known permission, or public, on every route', () => {
    for (const op of operations) {
      expect(op.permission, `${op.method} ${op.path}`).toBeDefined();
      const permission = op.permission as string;
      expect(
        permission === 'public' || permission === 'robot' || isPermission(permission),
        `${op.method} ${op.path}: ${permission}`,
      ).toBe(true);
    }
  });

  it('has exactly the documented public routes', () => {
    const publicOps = operations.filter((o) => o.permission === 'public').map((o) => `${o.method} ${o.path}`);
    expect(new Set(publicOps)).toEqual(DOCUMENTED_PUBLIC);
  });

  it('answers 401 with problem details on every non-public route without a token', async () => {
    for (const op of operations.filter((o) => o.permission !== 'public')) {
      const path = fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p, 'anything'])));
      const response = await call(t.app, op.method, path, op.hasBody ? { body: {} } : {});
      expect(response.status, `${op.method} ${op.path}`).toBe(401);
      expect(response.body.code, `${op.method} ${op.path}`).toBe('unauthorized');
    }
  });

  it("refuses a user's token on every robot route (robots authenticate with their own)", async () => {
    const account = await registerAccount(t.app, 'contract-robot');
    for (const op of operations.filter((o) => o.permission === 'robot')) {
      const path = fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p, 'anything'])));
      const response = await call(t.app, op.method, path, {
        token: account.token,
        body: op.hasBody ? {} : undefined,
      });
      expect([401, 403], `${op.method} ${op.path}`).toContain(response.status);
    }
  });

  it('gives every operation a unique operationId, a tag and a summary', async () => {
    const spec = (
      await call<{
        paths: Record<string, Record<string, { operationId?: string; tags?: string[]; summary?: string }>>;
      }>(t.app, 'GET', '/openapi.json')
    ).body;
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(op.operationId as string), `duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId as string);
        expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(op.summary, `${method} ${path}`).toBeTruthy();
      }
    }
  });
});
