import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../src/db/schema/index.js';
import type { LiveEvent } from '../../src/services/events/publish.js';
import { subscribeEvents } from '../../src/services/events/subscribe.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { createIntegration, INTEGRATION_TEST_ENV } from './helpers.js';

let t: TestApp;
let api: StandIn;
let account: Account;
let stranger: Account;

beforeAll(async () => {
  t = await createTestApp(INTEGRATION_TEST_ENV);
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'integrations-check');
  stranger = await registerAccount(t.app, 'integrations-check-stranger');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

const check = (id: string, who = account) =>
  call<{
    check: { ok: boolean; status_code: number | null; error: string | null };
    alert: { state: string } | null;
  }>(t.app, 'POST', `/api/v1/integrations/${id}/health-check`, { token: who.token });

describe('POST /integrations/{id}/health-check', () => {
  it('opens an alert after the threshold of failures and resolves it on the next success', async () => {
    let healthy = false;
    api.on('/cycle/health', () =>
      healthy ? { status: 200, body: { status: 'ok' } } : { status: 503, body: {} },
    );
    const integration = await createIntegration(t, account, {
      name: 'Cycle',
      base_url: `${api.url}/cycle`,
      health_check: { path: '/health', body_assertion: "status = 'ok'" },
      failure_threshold: 2,
    });

    // The organization's chat channel: each transition queues one notification on it.
    const channel = await call(t.app, 'POST', '/api/v1/notifications/channels/configure', {
      token: account.token,
      body: { channel: 'chat', webhook_url: `${api.url}/team-chat` },
    });
    expect(channel.status).toBe(200);

    const first = await check(integration.id);
    expect(first.status).toBe(200);
    expect(first.body.check).toMatchObject({ ok: false, status_code: 503 });
    expect(first.body.alert).toBeNull();
    const second = await check(integration.id);
    expect(second.body.alert?.state).toBe('opened');

    const active = await call<{ items: { integration_id: string }[] }>(
      t.app,
      'GET',
      '/api/v1/integrations/alerts/active',
      { token: account.token },
    );
    expect(active.body.items.map((a) => a.integration_id)).toEqual([integration.id]);
    const strangers = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/integrations/alerts/active', {
      token: stranger.token,
    });
    expect(strangers.body.items).toEqual([]);

    const third = await check(integration.id);
    expect(third.body.alert).toBeNull();

    healthy = true;
    const recovered = await check(integration.id);
    expect(recovered.body.check.ok).toBe(true);
    expect(recovered.body.alert?.state).toBe('resolved');

    const detail = await call(t.app, 'GET', `/api/v1/integrations/${integration.id}`, {
      token: account.token,
    });
    expect(detail.body).toMatchObject({ status: 'healthy', consecutive_failures: 0, open_alert: null });

    const audit = await t.testDatabase.database.db.execute(
      sql`select action from audit_logs where resource_id = ${integration.id} order by created_at`,
    );
    const actions =
      (audit as unknown as { rows?: { action: string }[] }).rows ??
      (audit as unknown as { action: string }[]);
    expect(actions.map((r) => r.action)).toEqual(
      expect.arrayContaining(['integration.alert_open', 'integration.alert_resolve']),
    );
    const queued = await t.testDatabase.database.db
      .select({ subject: notifications.subject, source: notifications.source })
      .from(notifications)
      .where(eq(notifications.orgId, account.orgId));
    expect(queued.map((n) => n.subject).sort()).toEqual(['Cycle has recovered', 'Cycle is failing']);
    expect(queued.every((n) => n.source === 'integration_alert')).toBe(true);
  });

  it('publishes integration.alert on /ws when an alert opens and when it resolves', async () => {
    const owner = await registerAccount(t.app, 'integrations-live');
    const live: LiveEvent[] = [];
    const unsubscribe = await subscribeEvents(t.deps.database, t.testDatabase.url, (event) => {
      if (event.orgId === owner.orgId) live.push(event);
    });
    try {
      let up = false;
      api.on('/live/', () => ({ status: up ? 200 : 500, body: {} }));
      const integration = await createIntegration(t, owner, {
        name: 'Live',
        base_url: `${api.url}/live`,
        failure_threshold: 1,
      });
      await check(integration.id, owner);
      up = true;
      await check(integration.id, owner);
      await expect
        .poll(() => live.map((e) => [e.type, e.data.integration_id, e.data.state]), { timeout: 10_000 })
        .toEqual([
          ['integration.alert', integration.id, 'opened'],
          ['integration.alert', integration.id, 'resolved'],
        ]);
    } finally {
      await unsubscribe();
    }
  });

  it('fails a check whose body assertion does not hold', async () => {
    api.on('/assert/health', () => ({ status: 200, body: { status: 'degraded' } }));
    const integration = await createIntegration(t, account, {
      name: 'Assert',
      base_url: `${api.url}/assert`,
      health_check: { path: '/health', body_assertion: "status = 'ok'" },
    });
    const answer = await check(integration.id);
    expect(answer.body.check.ok).toBe(false);
    expect(answer.body.check.error).toContain('body_assertion');
  });

  it('answers 404 for another organization’s integration', async () => {
    const integration = await createIntegration(t, account, { name: 'Mine', base_url: `${api.url}/x` });
    expect((await check(integration.id, stranger)).status).toBe(404);
  });
});

describe('GET /integrations/{id}/health-history and /integrations/dashboard', () => {
  it('pages the checks by cursor and reports uptime', async () => {
    let n = 0;
    api.on('/history/', () => {
      n += 1;
      return { status: n % 2 === 0 ? 500 : 200, body: {} };
    });
    const integration = await createIntegration(t, account, {
      name: 'History',
      base_url: `${api.url}/history`,
      failure_threshold: 20,
    });
    for (let i = 0; i < 4; i++) await check(integration.id);
    const first = await call<{ items: { id: string }[]; next_cursor: string | null; total: number }>(
      t.app,
      'GET',
      `/api/v1/integrations/${integration.id}/health-history?page_size=3`,
      { token: account.token },
    );
    expect(first.body.total).toBe(4);
    expect(first.body.items).toHaveLength(3);
    const next = await call<{ items: { id: string }[]; next_cursor: string | null }>(
      t.app,
      'GET',
      `/api/v1/integrations/${integration.id}/health-history?page_size=3&cursor=${first.body.next_cursor}`,
      { token: account.token },
    );
    expect(next.body.items).toHaveLength(1);
    expect(next.body.next_cursor).toBeNull();
    const bad = await call(
      t.app,
      'GET',
      `/api/v1/integrations/${integration.id}/health-history?cursor=nope`,
      {
        token: account.token,
      },
    );
    expect(bad.status).toBe(400);

    const dashboard = await call<{
      items: { id: string; uptime_24h: number | null; uptime_7d: number | null }[];
    }>(t.app, 'GET', '/api/v1/integrations/dashboard', { token: account.token });
    const row = dashboard.body.items.find((i) => i.id === integration.id);
    expect(row).toMatchObject({ uptime_24h: 50, uptime_7d: 50 });
    const strangers = await call<{ items: unknown[] }>(t.app, 'GET', '/api/v1/integrations/dashboard', {
      token: stranger.token,
    });
    expect(strangers.body.items).toEqual([]);
  });
});
