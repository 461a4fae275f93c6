import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookSubscriptions } from '../../src/db/schema/index.js';
import { derivedId } from '../../src/lib/ids.js';
import { sweepWebhookDeliveries } from '../../src/services/webhooks/sweep-webhook-deliveries.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { platformFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type RecordedRequest, type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * Outbound deliveries end to end: an execution's outcome lands in the outbox, a Temporal workflow
 * per delivery POSTs it signed (checked with the independent `standardwebhooks` package), retries
 * while the receiver is down, and a subscription failing too often is disabled.
 */
let t: TestApp;
let receiver: StandIn;
let account: Account;
beforeAll(async () => {
  t = await createTestApp({
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_RETRY_INITIAL_SECONDS: '1',
    WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '1',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_TIMEOUT_SECONDS: '5',
  });
  await t.startWorker();
  receiver = await startHttpStandIn();
  account = await registerAccount(t.app, 'webhook-delivery');
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

async function subscribe(owner: Account, path: string, body: Record<string, unknown> = {}) {
  const created = await call<{ id: string; secret: string }>(t.app, 'POST', '/api/v1/webhooks', {
    token: owner.token,
    body: { name: path, url: `${receiver.url}${path}`, event_types: ['execution.*'], ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function runOnce(owner: Account) {
  const workflowId = await seedPublishedWorkflow(t, owner, {
    steps: [{ id: 'work', type: 'transform', config: { value: 'done' } }],
  });
  const execution = await launch(t, owner, workflowId);
  await waitForOutcome(t, execution.id);
  return execution.id;
}

async function until<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const at = (path: string) => receiver.requests.filter((r) => r.path === path);
const verified = (secret: string, request: RecordedRequest) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };

describe('webhook deliveries', () => {
  it('delivers exactly one signed execution.completed event when a run completes', async () => {
    receiver.on('/ok', () => ({ status: 204 }));
    const hook = await subscribe(account, '/ok');
    const executionId = await runOnce(account);
    const received = await until(
      () => at('/ok'),
      (r) => r.length >= 1,
    );
    expect(received).toHaveLength(1);
    const event = verified(hook.secret, received[0] as RecordedRequest);
    expect(event.type).toBe('execution.completed');
    expect(event.data.execution_id).toBe(executionId);
    const deliveries = await call<{ items: { status: string; id: string }[] }>(
      t.app,
      'GET',
      `/api/v1/webhooks/${hook.id}/deliveries`,
      { token: account.token },
    );
    const delivered = await until(
      async () =>
        (
          await call<{ items: { status: string; id: string }[] }>(
            t.app,
            'GET',
            `/api/v1/webhooks/${hook.id}/deliveries`,
            {
              token: account.token,
            },
          )
        ).body.items,
      (items) => items[0]?.status === 'delivered',
    );
    expect(deliveries.status).toBe(200);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.id).toBe(received[0]?.headers['webhook-id']);
  });

  it('keeps retrying while the receiver answers 503, then delivers each event once by webhook-id', async () => {
    let up = false;
    receiver.on('/flaky', () => ({ status: up ? 200 : 503 }));
    const hook = await subscribe(account, '/flaky');
    const runs = [await runOnce(account), await runOnce(account)];
    await until(
      () => at('/flaky'),
      (r) => r.length >= 4,
    );
    up = true;
    const ok = await until(
      async () =>
        (
          await t.deps.database.db
            .select()
            .from(webhookDeliveries)
            .where(eq(webhookDeliveries.subscriptionId, hook.id))
        ).filter((d) => d.status === 'delivered'),
      (rows) => rows.length === 2,
    );
    expect(ok).toHaveLength(2);
    const ids = new Set(at('/flaky').map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(2);
    const events = at('/flaky').map((r) => verified(hook.secret, r).data.execution_id);
    expect(new Set(events)).toEqual(new Set(runs));
  });

  it('disables a subscription after max_consecutive_failures failed deliveries, with an audit row', async () => {
    receiver.on('/down', () => ({ status: 500 }));
    receiver.on('/team-chat', () => ({ status: 200 }));
    // The organization's chat channel hears of it once Conveyor disables the subscription.
    const channel = await call(t.app, 'POST', '/api/v1/notifications/channels/configure', {
      token: account.token,
      body: { channel: 'chat', webhook_url: `${receiver.url}/team-chat` },
    });
    expect(channel.status).toBe(200);
    const hook = await subscribe(account, '/down', { max_consecutive_failures: 1 });
    await runOnce(account);
    const row = await until(
      async () =>
        (
          await t.deps.database.db
            .select()
            .from(webhookSubscriptions)
            .where(eq(webhookSubscriptions.id, hook.id))
        )[0],
      (r) => r?.enabled === false,
    );
    expect(row?.enabled).toBe(false);
    expect(row?.disabledReason).toMatch(/in a row failed/);
    const got = await call<{ enabled: boolean; disabled_reason: string }>(
      t.app,
      'GET',
      `/api/v1/webhooks/${hook.id}`,
      {
        token: account.token,
      },
    );
    expect(got.body.enabled).toBe(false);
    const audit = await t.deps.database.db.execute(
      sql`select count(*)::int as n from audit_logs where resource_id = ${hook.id} and action = 'webhook.disable'`,
    );
    expect(JSON.stringify(audit)).toContain('"n":1');
    const told = await until(
      () => receiver.requests.filter((r) => r.path === '/team-chat'),
      (requests) => requests.length > 0,
    );
    expect(String(told[0]?.body)).toContain('was disabled');
  });

  it('the sweeper starts a pending delivery whose workflow was never started', async () => {
    receiver.on('/swept', () => ({ status: 200 }));
    const hook = await subscribe(account, '/swept', { event_types: ['trigger.fired'] });
    const eventId = `trigger.fired:test-${Date.now()}`;
    const id = derivedId('whd', hook.id, eventId);
    await t.deps.database.db.insert(webhookDeliveries).values({
      id,
      orgId: account.orgId,
      subscriptionId: hook.id,
      eventId,
      eventType: 'trigger.fired',
      payload: { type: 'trigger.fired', timestamp: new Date().toISOString(), data: { trigger_id: 'trg_x' } },
      createdAt: new Date(Date.now() - 120_000),
    });
    const started = await sweepWebhookDeliveries(platformFor(t), 60);
    expect(started).toBeGreaterThanOrEqual(1);
    const received = await until(
      () => at('/swept'),
      (r) => r.length >= 1,
    );
    expect(received[0]?.headers['webhook-id']).toBe(id);
    expect(verified(hook.secret, received[0] as RecordedRequest).type).toBe('trigger.fired');
  });
});
