import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConveyorOrgId } from '../src/temporal/search-attributes.js';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
});
afterAll(() => t?.close());

interface PingRun {
  id: string;
  run_id: string;
  status: string;
  result: { message: string; answered_by: string; workflow_id: string } | null;
}

describe('ping workflow round trip through the real dev server', () => {
  it('starts through the API, runs on the worker and completes with the activity’s answer', async () => {
    const account = await registerAccount(t.app, 'ping');
    const started = await call<PingRun>(t.app, 'POST', '/api/v1/system/ping', {
      token: account.token,
      body: { message: 'hello temporal' },
    });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('completed');
    expect(started.body.result?.message).toBe('hello temporal');
    expect(started.body.result?.workflow_id).toBe(started.body.id);
    expect(started.body.result?.answered_by).toContain(String(process.pid));

    const fetched = await call<PingRun>(t.app, 'GET', `/api/v1/system/ping/${started.body.id}`, {
      token: account.token,
    });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({
      id: started.body.id,
      status: 'completed',
      run_id: started.body.run_id,
    });

    // The run is Temporal's own, tagged for per-organization filtering.
    const description = await t.deps.temporal.client.workflow.getHandle(started.body.id).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.taskQueue).toBe(t.deps.config.TEMPORAL_TASK_QUEUE);
    expect(description.typedSearchAttributes.get(ConveyorOrgId)).toBe(account.orgId);
  });

  it('answers 202 with the run still going when no answer comes in time', async () => {
    const account = await registerAccount(t.app, 'ping-wait');
    const started = await call<PingRun>(t.app, 'POST', '/api/v1/system/ping', {
      token: account.token,
      body: { wait_seconds: 0 },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const result = await t.deps.temporal.client.workflow.getHandle(started.body.id).result();
    expect(result).toMatchObject({ message: 'ping' });
  });

  it('is refused to a role without system:ping', async () => {
    const account = await registerAccount(t.app, 'ping-approver');
    const { userRoles, roles } = await import('../src/db/schema/index.js');
    const { and, eq } = await import('drizzle-orm');
    const db = t.deps.database.db;
    const [approver] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.orgId, account.orgId), eq(roles.name, 'approver')));
    await db.delete(userRoles).where(eq(userRoles.userId, account.userId));
    await db
      .insert(userRoles)
      .values({ orgId: account.orgId, userId: account.userId, roleId: approver?.id as string });

    const refused = await call(t.app, 'POST', '/api/v1/system/ping', { token: account.token, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', permission: 'system:ping' });
    // Role changes apply to tokens already issued: permissions are read per request.
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: account.token })).status).toBe(200);
  });
});
