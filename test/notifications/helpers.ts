import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { type SmtpStandIn, startSmtpStandIn } from '../harness/smtp-stand-in.js';

export interface NotifyTestApp {
  t: TestApp;
  smtp: SmtpStandIn;
  http: StandIn;
  account: Account;
  close(): Promise<void>;
}

/** The real app and worker, an SMTP server and an HTTP receiver on loopback, and an owner. */
export async function createNotifyTestApp(env: Record<string, string> = {}): Promise<NotifyTestApp> {
  const t = await createTestApp({ NOTIFICATION_MAX_ATTEMPTS: '30', ...env });
  await t.startWorker();
  const smtp = await startSmtpStandIn();
  const http = await startHttpStandIn();
  const account = await registerAccount(t.app, 'notify');
  return {
    t,
    smtp,
    http,
    account,
    async close() {
      await smtp.close();
      await http.close();
      await t.close();
    },
  };
}

export const configure = (n: NotifyTestApp, body: Record<string, unknown>, who: Account = n.account) =>
  call<Record<string, unknown>>(n.t.app, 'POST', '/api/v1/notifications/channels/configure', {
    token: who.token,
    body,
  });

export const emailChannel = (n: NotifyTestApp) => ({
  channel: 'email',
  settings: {
    host: n.smtp.host,
    port: n.smtp.port,
    security: 'none',
    from: 'conveyor@example.test',
    default_recipients: ['ops@example.test'],
  },
});

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
