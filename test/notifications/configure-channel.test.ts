import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../harness/http.js';
import { configure, createNotifyTestApp, emailChannel, type NotifyTestApp } from './helpers.js';

let n: NotifyTestApp;
beforeAll(async () => {
  n = await createNotifyTestApp();
});
afterAll(async () => n?.close());

describe('POST /api/v1/notifications/channels/configure', () => {
  it('stores an email channel; the password goes into a credential no route shows or changes', async () => {
    const secret = 'smtp-password-planted-41c9';
    const saved = await configure(n, {
      channel: 'email',
      settings: {
        host: n.smtp.host,
        port: n.smtp.port,
        security: 'starttls',
        username: 'ops',
        from: 'ops@example.test',
      },
      password: secret,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      channel: 'email',
      enabled: true,
      settings: { host: n.smtp.host, has_password: true },
    });
    expect(JSON.stringify(saved.body)).not.toContain(secret);
    const list = await call<{ items: { id: string; name: string }[] }>(
      n.t.app,
      'GET',
      '/api/v1/credentials',
      {
        token: n.account.token,
      },
    );
    const managed = list.body.items.find((c) => c.name === 'notify:email');
    expect(managed).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const edit = await call(n.t.app, 'DELETE', `/api/v1/credentials/${managed?.id}`, {
      token: n.account.token,
    });
    expect(edit.status).toBe(409);
    // A change without a password keeps the stored one.
    const again = await configure(n, {
      ...emailChannel(n),
      settings: { ...emailChannel(n).settings, security: 'tls' },
    });
    expect(again.body).toMatchObject({ settings: { has_password: true } });
  });

  it('shows a webhook channel its signing secret once, and a new one on rotation', async () => {
    const first = await configure(n, { channel: 'webhook', url: `${n.http.url}/hook` });
    expect(String(first.body.signing_secret)).toMatch(/^whsec_/);
    const again = await configure(n, { channel: 'webhook', url: `${n.http.url}/hook2` });
    expect(again.body.signing_secret).toBeUndefined();
    const rotated = await configure(n, {
      channel: 'webhook',
      url: `${n.http.url}/hook2`,
      rotate_secret: true,
    });
    expect(rotated.body.signing_secret).not.toBe(first.body.signing_secret);
  });

  it('refuses addresses the outbound guard refuses, a password in clear text, and bad settings', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: 'webhook', url: 'http://169.254.169.254/latest/meta-data' }, 'destination_not_allowed'],
      [{ channel: 'chat', webhook_url: 'http://10.0.0.7/hooks/x' }, 'destination_not_allowed'],
      [
        { ...emailChannel(n), settings: { ...emailChannel(n).settings, host: '192.168.1.20' } },
        'destination_not_allowed',
      ],
      [{ ...emailChannel(n), password: 'clear' }, 'validation_failed'],
      [{ channel: 'webhook', url: 'ftp://example.test/x' }, 'validation_failed'],
      [
        { channel: 'email', settings: { host: 'smtp.example.test', from: 'not-an-address' } },
        'validation_failed',
      ],
      [{ channel: 'sms', number: '+1' }, 'validation_failed'],
      [
        {
          ...emailChannel(n),
          settings: { ...emailChannel(n).settings, default_recipients: Array(51).fill('a@b.test') },
        },
        'validation_failed',
      ],
    ];
    for (const [body, code] of cases) {
      const answer = await configure(n, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code, JSON.stringify(body)).toBe(code);
    }
  });
});
