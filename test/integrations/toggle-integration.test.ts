import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createIntegration, INTEGRATION_TEST_ENV, scheduleOf } from './helpers.js';

let t: TestApp;
let account: Account;
let stranger: Account;

beforeAll(async () => {
  t = await createTestApp(INTEGRATION_TEST_ENV);
  account = await registerAccount(t.app, 'integrations-toggle');
  stranger = await registerAccount(t.app, 'integrations-toggle-stranger');
});
afterAll(async () => {
  await t?.close();
});

describe('POST /integrations/{id}/toggle', () => {
  it('pauses the Schedule when disabled and resumes it when enabled', async () => {
    const integration = await createIntegration(t, account, {
      name: 'Toggle',
      base_url: 'http://127.0.0.1:9',
    });
    const off = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/toggle`, {
      token: account.token,
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    expect((await scheduleOf(t, integration.id).describe()).state.paused).toBe(true);

    const flipped = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/toggle`, {
      token: account.token,
    });
    expect(flipped.body.enabled).toBe(true);
    expect((await scheduleOf(t, integration.id).describe()).state.paused).toBe(false);
  });

  it('PUT with enabled false pauses it too, and a new interval reaches the Schedule', async () => {
    const integration = await createIntegration(t, account, { name: 'Put', base_url: 'http://127.0.0.1:9' });
    const put = await call(t.app, 'PUT', `/api/v1/integrations/${integration.id}`, {
      token: account.token,
      body: { name: 'Put', base_url: 'http://127.0.0.1:9', interval_seconds: 120, enabled: false },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const described = await scheduleOf(t, integration.id).describe();
    expect(described.state.paused).toBe(true);
    expect(described.spec.intervals?.[0]?.every).toBe(120_000);
  });

  it('answers 404 for another organization’s integration and leaves its Schedule alone', async () => {
    const integration = await createIntegration(t, account, {
      name: 'Theirs',
      base_url: 'http://127.0.0.1:9',
    });
    const answer = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/toggle`, {
      token: stranger.token,
      body: { enabled: false },
    });
    expect(answer.status).toBe(404);
    expect((await scheduleOf(t, integration.id).describe()).state.paused).toBe(false);
    const malformed = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/toggle`, {
      token: account.token,
      body: { enabled: 'yes' },
    });
    expect(malformed.status).toBe(400);
  });
});
