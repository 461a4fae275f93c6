import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../harness/http.js';
import { configure, createNotifyTestApp, type NotifyTestApp } from './helpers.js';

let n: NotifyTestApp;
beforeAll(async () => {
  n = await createNotifyTestApp({ NOTIFICATION_MAX_ATTEMPTS: '2' });
});
afterAll(async () => n?.close());

const test = (body: Record<string, unknown>) =>
  call<Record<string, unknown>>(n.t.app, 'POST', '/api/v1/notifications/test', {
    token: n.account.token,
    body,
  });

describe('POST /api/v1/notifications/test', () => {
  it('reports a working channel as sent and a refusing receiver as failed', async () => {
    n.http.on('/ok', () => ({ status: 200 }));
    n.http.on('/gone', () => ({ status: 404 }));
    await configure(n, { channel: 'chat', webhook_url: `${n.http.url}/ok` });
    const ok = await test({ channel: 'chat' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'sent' });
    expect(
      n.http.requests.some((r) => r.path === '/ok' && String(r.body).includes('Conveyor test notification')),
    ).toBe(true);
    await configure(n, { channel: 'chat', webhook_url: `${n.http.url}/gone` });
    const failed = await test({ channel: 'chat' });
    expect(failed.body).toMatchObject({ status: 'failed' });
    expect(String(failed.body.error)).toContain('404');
    // A 404 will not change: one attempt, not a retry storm.
    expect(n.http.requests.filter((r) => r.path === '/gone')).toHaveLength(1);
  });

  it('answers 409 for a channel not configured', async () => {
    const answer = await test({ channel: 'webhook' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('channel_not_configured');
  });
});
