import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, call, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { configure, createNotifyTestApp, emailChannel, type NotifyTestApp, waitUntil } from './helpers.js';

let n: NotifyTestApp;
let stranger: Account;
let signingSecret: string;
beforeAll(async () => {
  n = await createNotifyTestApp();
  stranger = await registerAccount(n.t.app, 'notify-stranger');
  expect((await configure(n, emailChannel(n))).status).toBe(200);
  expect((await configure(n, { channel: 'chat', webhook_url: `${n.http.url}/chat` })).status).toBe(200);
  const webhook = await configure(n, { channel: 'webhook', url: `${n.http.url}/events` });
  signingSecret = String(webhook.body.signing_secret);
  n.http.on('/chat', () => ({ status: 200 }));
  n.http.on('/events', () => ({ status: 204 }));
});
afterAll(async () => n?.close());

const send = (body: Record<string, unknown>, who: Account = n.account) =>
  call<Record<string, unknown>>(n.t.app, 'POST', '/api/v1/notifications/send', { token: who.token, body });

describe('POST /api/v1/notifications/send', () => {
  it('delivers an e-mail whose Message-ID is the notification id', async () => {
    const answer = await send({
      channel: 'email',
      recipients: ['a@example.test'],
      subject: 'Hello',
      body: 'World',
      wait_seconds: 20,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'sent', channel: 'email' });
    const mail = n.smtp.messages.find((m) => m.subject === 'Hello');
    expect(mail?.to).toEqual(['a@example.test']);
    expect(mail?.messageId).toBe(`<${answer.body.notification_id}@conveyor>`);
    expect(mail?.body).toContain('World');
  });

  it('posts to the chat webhook, and signs the generic webhook as Standard Webhooks verifies it', async () => {
    const chat = await send({ channel: 'chat', subject: 'Deploy', body: 'done', wait_seconds: 20 });
    expect(chat.body.status).toBe('sent');
    const posted = n.http.requests.find((r) => r.path === '/chat');
    expect(JSON.parse(String(posted?.body))).toEqual({ text: '*Deploy*\ndone' });
    const hook = await send({ channel: 'webhook', subject: 'Signed', body: 'payload', wait_seconds: 20 });
    expect(hook.body.status).toBe('sent');
    const received = n.http.requests.find((r) => r.path === '/events');
    const headers = received?.headers as Record<string, string>;
    const verified = new Webhook(signingSecret).verify(String(received?.body), headers) as {
      data: { id: string };
    };
    expect(verified.data.id).toBe(hook.body.notification_id);
    expect(headers['webhook-id']).toBe(hook.body.notification_id);
  });

  it('keeps a notification through an SMTP outage and delivers it exactly once', async () => {
    await n.smtp.stop();
    const queued = await send({ channel: 'email', subject: 'After the outage', body: 'still here' });
    expect(queued.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(n.smtp.messages.filter((m) => m.subject === 'After the outage')).toHaveLength(0);
    await n.smtp.start();
    await waitUntil(() => n.smtp.messages.some((m) => m.subject === 'After the outage'), 40_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(n.smtp.messages.filter((m) => m.subject === 'After the outage')).toHaveLength(1);
    const status = await call<{ channels: { channel: string; state: { consecutive_failures: number } }[] }>(
      n.t.app,
      'GET',
      '/api/v1/notifications/status',
      { token: n.account.token },
    );
    expect(status.body.channels.find((c) => c.channel === 'email')?.state.consecutive_failures).toBe(0);
  });

  it('answers 409 for a channel the organization has not configured, 400 for bad input', async () => {
    const none = await send({ channel: 'email', subject: 'x', body: 'y' }, stranger);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('channel_not_configured');
    for (const bad of [
      { channel: 'email', subject: '', body: 'y' },
      { channel: 'email', subject: 'x', body: 'y', recipients: ['not-mail'] },
      { channel: 'email', subject: 'x'.repeat(501), body: 'y' },
      { channel: 'email', subject: 'x', body: 'y', wait_seconds: 600 },
      { channel: 'pager', subject: 'x', body: 'y' },
    ]) {
      const answer = await send(bad);
      expect(answer.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
    }
  });

  it('a notify step sends once from a run, with its templates rendered', async () => {
    const workflowId = await seedPublishedWorkflow(n.t, n.account, {
      variables: { order: { type: 'string', default: '' } },
      steps: [
        {
          id: 'tell',
          type: 'notify',
          config: {
            channel: 'email',
            recipients: ['sales@example.test'],
            subject: 'Order {{ input.order }}',
            body: 'Shipped.',
          },
        },
      ],
    });
    const execution = await launch(n.t, n.account, workflowId, { order: 'A-17' });
    const outcome = await waitForOutcome(n.t, execution.id);
    expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
    const [step] = await stepsOf(n.t, execution.id);
    expect(step?.output).toMatchObject({ status: 'sent' });
    expect(n.smtp.messages.filter((m) => m.subject === 'Order A-17')).toHaveLength(1);
  });
});
