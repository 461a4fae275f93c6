import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, call, registerAccount } from '../harness/http.js';
import { configure, createNotifyTestApp, emailChannel, type NotifyTestApp } from './helpers.js';

let n: NotifyTestApp;
let stranger: Account;
beforeAll(async () => {
  n = await createNotifyTestApp();
  stranger = await registerAccount(n.t.app, 'notify-status-stranger');
});
afterAll(async () => n?.close());

type Status = {
  channels: { channel: string; configured: boolean; last_24h: { sent: number; failed: number } }[];
};

describe('GET /api/v1/notifications/status', () => {
  it("counts each channel's deliveries, and shows another organization nothing of them", async () => {
    await configure(n, emailChannel(n));
    const sent = await call(n.t.app, 'POST', '/api/v1/notifications/send', {
      token: n.account.token,
      body: { channel: 'email', subject: 'Counted', body: 'x', wait_seconds: 20 },
    });
    expect(sent.status).toBe(200);
    const status = await call<Status>(n.t.app, 'GET', '/api/v1/notifications/status', {
      token: n.account.token,
    });
    expect(status.body.channels.map((c) => c.channel)).toEqual(['email', 'chat', 'webhook']);
    expect(status.body.channels[0]).toMatchObject({ configured: true, last_24h: { sent: 1, failed: 0 } });
    expect(status.body.channels[1]).toMatchObject({ configured: false });
    const theirs = await call<Status>(n.t.app, 'GET', '/api/v1/notifications/status', {
      token: stranger.token,
    });
    expect(theirs.body.channels.every((c) => !c.configured && c.last_24h.sent === 0)).toBe(true);
    expect((await call(n.t.app, 'GET', '/api/v1/notifications/status')).status).toBe(401);
  });
});
