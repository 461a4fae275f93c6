import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { createIntegration, INTEGRATION_TEST_ENV } from './helpers.js';

let t: TestApp;
let api: StandIn;
let account: Account;

beforeAll(async () => {
  t = await createTestApp(INTEGRATION_TEST_ENV);
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'integrations-scheduled');
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('the Schedule of an integration', () => {
  it('fires checks every interval; failures open an alert, then a success resolves it', async () => {
    let healthy = false;
    api.on('/sched/ping', () => ({ status: healthy ? 200 : 500, body: {} }));
    const integration = await createIntegration(t, account, {
      name: 'Scheduled',
      base_url: `${api.url}/sched`,
      health_check: { path: '/ping', timeout_seconds: 2 },
      interval_seconds: 1,
      failure_threshold: 2,
    });
    const history = () =>
      call<{ items: { trigger: string; ok: boolean }[] }>(
        t.app,
        'GET',
        `/api/v1/integrations/${integration.id}/health-history`,
        { token: account.token },
      );
    const active = () =>
      call<{ items: { integration_id: string }[] }>(t.app, 'GET', '/api/v1/integrations/alerts/active', {
        token: account.token,
      });
    await expect
      .poll(async () => (await active()).body.items.map((a) => a.integration_id), {
        timeout: 20_000,
        interval: 500,
      })
      .toEqual([integration.id]);
    expect((await history()).body.items.every((c) => c.trigger === 'schedule')).toBe(true);
    healthy = true;
    await expect
      .poll(async () => (await active()).body.items, { timeout: 20_000, interval: 500 })
      .toEqual([]);
    const off = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/toggle`, {
      token: account.token,
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
  });
});
