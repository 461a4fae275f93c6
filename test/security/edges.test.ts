import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';
import { createTrigger, deliver, ECHO_DEFINITION } from '../triggers/helpers.js';

/** The edges a stranger touches first: request ids, health, documentation pages, pages, keys. */
let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'edges');
});
afterAll(() => t?.close());

describe('edges', () => {
  it("answers with our own request id and keeps a client's safe one apart, in the audit row too", async () => {
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: account.email, password: account.password },
      headers: { 'x-request-id': 'client-req.42' },
    });
    const ours = login.headers.get('x-request-id');
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, account.orgId), eq(auditLogs.action, 'auth.login')));
    expect(row).toMatchObject({ requestId: ours, clientRequestId: 'client-req.42' });

    // An unsafe one (spaces, quotes, too long) is not kept anywhere.
    for (const unsafe of ['a b', '"><script>', 'x'.repeat(129)]) {
      const response = await call(t.app, 'GET', '/api/health', { headers: { 'x-request-id': unsafe } });
      expect(response.headers.get('x-request-id')).not.toBe(unsafe);
    }
  });

  it('reports a failing dependency by kind, without its error text', async () => {
    const broken = await createTestApp();
    await broken.testDatabase.database.close();
    const health = await call<{ checks: { database: Record<string, unknown> } }>(
      broken.app,
      'GET',
      '/api/health/health',
    );
    expect(health.status).toBe(503);
    expect(health.body.checks.database).toMatchObject({ ok: false, error: 'unavailable' });
    await broken.close().catch(() => undefined);
  });

  it('sends a Content-Security-Policy and nosniff with the documentation pages', async () => {
    for (const page of ['/docs', '/redoc']) {
      const response = await t.app.request(page);
      expect(response.status).toBe(200);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('bounds page', async () => {
    const deep = await call(t.app, 'GET', '/api/v1/workflows?page=10001', { token: account.token });
    expect(deep.status).toBe(400);
    const last = await call(t.app, 'GET', '/api/v1/workflows?page=10000', { token: account.token });
    expect(last.status).toBe(200);
  });

  it("cannot pre-empt a webhook delivery's key with an Idempotency-Key", async () => {
    const workflowId = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
    const trigger = await createTrigger(t, account, {
      name: 'orders',
      type: 'webhook',
      workflow_id: workflowId,
      mappings: { customer: 'payload.customer' },
    });
    const deliveryId = `msg_edges_${Date.now()}`;
    const squatted = await call<{ id: string }>(t.app, 'POST', `/api/v1/workflows/${workflowId}/execute`, {
      token: account.token,
      body: { input: { customer: 'mallory' } },
      headers: { 'idempotency-key': `webhook:${trigger.id}:${deliveryId}` },
    });
    expect(squatted.status).toBe(202);
    const delivered = await deliver(t, trigger.webhook?.url_path as string, {
      secret: trigger.webhook?.secret as string,
      id: deliveryId,
      body: { customer: 'ada' },
    });
    expect(delivered.status).toBe(202);
    expect(delivered.body).toMatchObject({ duplicate: false });
    expect(delivered.body.execution_id).not.toBe(squatted.body.id);
  });
});
