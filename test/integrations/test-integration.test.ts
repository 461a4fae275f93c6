import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  account = await registerAccount(t.app, 'integrations-test');
  stranger = await registerAccount(t.app, 'integrations-test-stranger');
  const credential = await call(t.app, 'POST', '/api/v1/credentials', {
    token: account.token,
    body: { name: 'crm-token', type: 'bearer_token', value: { token: 'planted-bearer-77aa' } },
  });
  expect(credential.status, JSON.stringify(credential.body)).toBe(201);
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('POST /integrations/{id}/test', () => {
  it('sends the request with the integration’s auth and masks the secret in the answer', async () => {
    api.on('/crm/echo', (request) => ({
      status: 201,
      body: { seen: request.headers.authorization, q: request.query, body: request.body },
    }));
    const integration = await createIntegration(t, account, {
      name: 'CRM',
      base_url: `${api.url}/crm`,
      auth: { credential: 'crm-token' },
    });
    const answer = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/test`, {
      token: account.token,
      body: { method: 'POST', path: '/echo', query: { a: '1' }, body: { hello: 'world' } },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer planted-bearer-77aa');
    expect(answer.body).toMatchObject({ ok: true, status: 201, body: { q: { a: '1' } } });
    expect(typeof answer.body.latency_ms).toBe('number');
    expect(JSON.stringify(answer.body)).not.toContain('planted-bearer-77aa');

    const health = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/health-check`, {
      token: account.token,
    });
    expect(JSON.stringify(health.body)).not.toContain('planted-bearer-77aa');
  });

  it('caps the body kept at 64 KiB', async () => {
    api.on('/big/large', () => ({ status: 200, body: { blob: 'x'.repeat(100_000) } }));
    const integration = await createIntegration(t, account, { name: 'Big', base_url: `${api.url}/big` });
    const answer = await call<{ truncated: boolean; body: string }>(
      t.app,
      'POST',
      `/api/v1/integrations/${integration.id}/test`,
      { token: account.token, body: { path: '/large' } },
    );
    expect(answer.body.truncated).toBe(true);
    expect(answer.body.body.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('refuses another organization’s id and malformed requests', async () => {
    const integration = await createIntegration(t, account, { name: 'Probe', base_url: `${api.url}/p` });
    const theirs = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/test`, {
      token: stranger.token,
      body: { path: '/' },
    });
    expect(theirs.status).toBe(404);
    for (const body of [
      { path: 'no-slash' },
      { method: 'TRACE' },
      { path: `/${'a'.repeat(3000)}` },
      { extra: 1 },
    ]) {
      const answer = await call(t.app, 'POST', `/api/v1/integrations/${integration.id}/test`, {
        token: account.token,
        body,
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });
});

describe('POST /integrations/health-check-all', () => {
  it('checks every enabled integration of the organization and no other', async () => {
    const owner = await registerAccount(t.app, 'integrations-all');
    api.on('/all-ok/', () => ({ status: 200, body: {} }));
    await createIntegration(t, owner, { name: 'A', base_url: `${api.url}/all-ok` });
    await createIntegration(t, owner, { name: 'B', base_url: 'http://127.0.0.1:9' });
    await createIntegration(t, owner, { name: 'C', base_url: `${api.url}/all-ok`, enabled: false });
    const summary = await call(t.app, 'POST', '/api/v1/integrations/health-check-all', {
      token: owner.token,
    });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ checked: 2, healthy: 1, failing: 1, skipped: 0 });
  });
});
