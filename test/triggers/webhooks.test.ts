import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, executions, triggers } from '../../src/db/schema/index.js';
import type { TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import {
  type CreatedTrigger,
  createTrigger,
  createTriggersApp,
  deliver,
  ECHO_DEFINITION,
  nowSeconds,
  withoutRequestId,
} from './helpers.js';

let t: TestApp;
let account: Account;
let workflowId: string;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTriggersApp();
  // Everything the API and the worker log, at every level, to check no secret ever reaches it.
  t.deps.logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
  await t.startWorker();
  account = await registerAccount(t.app, 'webhooks');
  workflowId = await seedPublishedWorkflow(t, account, ECHO_DEFINITION);
});
afterAll(() => t?.close());

const webhook = (extra: Record<string, unknown> = {}) =>
  createTrigger(t, account, {
    name: 'shop orders',
    type: 'webhook',
    workflow_id: workflowId,
    mappings: { customer: 'payload.order.customer', amount: 'payload.order.total / 100' },
    ...extra,
  });

const urlOf = (trigger: CreatedTrigger) => trigger.webhook?.url_path as string;
const secretOf = (trigger: CreatedTrigger) => trigger.webhook?.secret as string;
const order = { order: { customer: 'ada', total: 1250 } };

async function executionsOf(workflow: string) {
  return t.deps.database.db.select().from(executions).where(eq(executions.workflowId, workflow));
}

describe('webhook triggers (Standard Webhooks)', () => {
  it('starts a run with the mapped variables for a correctly signed delivery', async () => {
    const trigger = await webhook();
    expect(trigger.webhook?.url_path).toMatch(/^\/api\/v1\/triggers\/webhooks\/[A-Za-z0-9_-]{43}$/);
    expect(trigger.webhook?.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secretOf(trigger).slice(6), 'base64')).toHaveLength(32);

    const response = await deliver(t, urlOf(trigger), { secret: secretOf(trigger), body: order });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ execution_id: expect.stringMatching(/^exe_/), duplicate: false });

    const outcome = await waitForOutcome(t, response.body.execution_id as string);
    expect(outcome).toMatchObject({
      trigger: 'webhook',
      status: 'completed',
      input: { customer: 'ada', amount: 12.5 },
      output: { customer: 'ada', amount: 12.5 },
    });
    const read = await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token });
    expect(read.body).toMatchObject({ fire_count: 1, last_fired_at: expect.any(String), last_error: null });
  });

  it('answers unknown paths, disabled and deleted triggers, and bad signatures with one identical 401', async () => {
    const trigger = await webhook();
    const other = await webhook();
    const before = (await executionsOf(workflowId)).length;
    const answers = [
      await deliver(t, urlOf(trigger), { secret: secretOf(other), body: order }),
      await deliver(t, `/api/v1/triggers/webhooks/${randomBytes(32).toString('base64url')}`, {
        secret: secretOf(trigger),
        body: order,
      }),
      await deliver(t, '/api/v1/triggers/webhooks/x', { secret: secretOf(trigger), body: order }),
      await deliver(t, urlOf(trigger), {
        secret: secretOf(trigger),
        body: order,
        headers: { 'webhook-signature': undefined },
      }),
      await deliver(t, urlOf(trigger), {
        secret: secretOf(trigger),
        body: order,
        headers: { 'webhook-id': undefined },
      }),
      await deliver(t, urlOf(trigger), {
        secret: secretOf(trigger),
        body: order,
        headers: { 'webhook-signature': 'v1,not-base64 v2,whatever' },
      }),
    ];
    const toggled = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, {
      token: account.token,
      body: { enabled: false },
    });
    expect(toggled.body).toMatchObject({ enabled: false });
    answers.push(await deliver(t, urlOf(trigger), { secret: secretOf(trigger), body: order }));
    expect(
      (await call(t.app, 'DELETE', `/api/v1/triggers/${other.id}`, { token: account.token })).status,
    ).toBe(204);
    answers.push(await deliver(t, urlOf(other), { secret: secretOf(other), body: order }));

    const first = answers[0];
    expect(first?.status).toBe(401);
    expect(first?.body).toMatchObject({ code: 'invalid_webhook', status: 401 });
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(withoutRequestId(answer.body)).toEqual(withoutRequestId(first?.body ?? {}));
    }
    expect(await executionsOf(workflowId)).toHaveLength(before);

    // Enabled again, the same trigger answers a good delivery.
    await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, { token: account.token, body: {} });
    expect((await deliver(t, urlOf(trigger), { secret: secretOf(trigger), body: order })).status).toBe(202);
  });

  it('refuses stale, future and malformed timestamps and tampered bodies', async () => {
    const trigger = await webhook();
    const good = { secret: secretOf(trigger), body: order };
    expect((await deliver(t, urlOf(trigger), { ...good, timestamp: nowSeconds() - 301 })).status).toBe(401);
    expect((await deliver(t, urlOf(trigger), { ...good, timestamp: nowSeconds() + 301 })).status).toBe(401);
    const malformed = await deliver(t, urlOf(trigger), {
      ...good,
      headers: { 'webhook-timestamp': new Date().toISOString() },
    });
    expect(malformed.status).toBe(401);
    const tampered = await deliver(t, urlOf(trigger), {
      ...good,
      rawBody: JSON.stringify({ order: { customer: 'mallory', total: 1250 } }),
      signedBody: JSON.stringify(order),
    });
    expect(tampered.status).toBe(401);
    // Whitespace is part of the signed bytes: the body is verified as sent, not as parsed.
    const reformatted = await deliver(t, urlOf(trigger), {
      ...good,
      rawBody: JSON.stringify(order, null, 2),
      signedBody: JSON.stringify(order),
    });
    expect(reformatted.status).toBe(401);
    expect((await deliver(t, urlOf(trigger), { ...good, timestamp: nowSeconds() - 250 })).status).toBe(202);
    expect(
      (await deliver(t, urlOf(trigger), { ...good, rawBody: JSON.stringify(order, null, 2) })).status,
    ).toBe(202);

    const strict = await webhook({ config: { tolerance_seconds: 30 } });
    const late = await deliver(t, urlOf(strict), {
      secret: secretOf(strict),
      body: order,
      timestamp: nowSeconds() - 60,
    });
    expect(late.status).toBe(401);
  });

  it('starts exactly one run for ten concurrent deliveries of the same webhook-id', async () => {
    const trigger = await webhook();
    const id = `msg_replay_${Date.now()}`;
    const timestamp = nowSeconds();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        deliver(t, urlOf(trigger), { secret: secretOf(trigger), body: order, id, timestamp }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const ids = new Set(answers.map((a) => a.body.execution_id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const rows = await t.deps.database.db
      .select()
      .from(executions)
      .where(eq(executions.idempotencyKey, `webhook:${trigger.id}:${id}`));
    expect(rows.map((r) => r.id)).toEqual([...ids]);

    // A later redelivery of the same id still names that run.
    const again = await deliver(t, urlOf(trigger), { secret: secretOf(trigger), body: order, id });
    expect(again.body).toEqual({ execution_id: rows[0]?.id, duplicate: true });
    const [row] = await t.deps.database.db.select().from(triggers).where(eq(triggers.id, trigger.id));
    expect(row?.fireCount).toBe(1);
  });

  it('rotates the secret: the new one works, the old one only during the grace period', async () => {
    const trigger = await webhook();
    const oldSecret = secretOf(trigger);
    const rotated = await call<CreatedTrigger & { webhook: { previous_secret_expires_at: string } }>(
      t.app,
      'POST',
      `/api/v1/triggers/${trigger.id}/rotate-secret`,
      { token: account.token, body: { grace_seconds: 1 } },
    );
    expect(rotated.status).toBe(200);
    const newSecret = secretOf(rotated.body);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.webhook.url_path).toBe(urlOf(trigger));
    expect(rotated.body.webhook.secret_hint).toBe(`whsec_…${newSecret.slice(-4)}`);
    expect(rotated.body.webhook.previous_secret_expires_at).toEqual(expect.any(String));

    expect((await deliver(t, urlOf(trigger), { secret: newSecret, body: order })).status).toBe(202);
    expect((await deliver(t, urlOf(trigger), { secret: oldSecret, body: order })).status).toBe(202);
    const expiresAt = Date.parse(rotated.body.webhook.previous_secret_expires_at);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 100));
    expect((await deliver(t, urlOf(trigger), { secret: oldSecret, body: order })).status).toBe(401);
    expect((await deliver(t, urlOf(trigger), { secret: newSecret, body: order })).status).toBe(202);

    const tooLong = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/rotate-secret`, {
      token: account.token,
      body: { grace_seconds: 7 * 24 * 3600 + 1 },
    });
    expect(tooLong.status).toBe(400);
    const manual = await createTrigger(t, account, {
      name: 'by hand',
      type: 'manual',
      workflow_id: workflowId,
    });
    const notWebhook = await call(t.app, 'POST', `/api/v1/triggers/${manual.id}/rotate-secret`, {
      token: account.token,
      body: {},
    });
    expect(notWebhook.status).toBe(409);
    expect(notWebhook.body.code).toBe('not_a_webhook');
  });

  it('refuses bodies over the limit (413), other media types (415) and non-JSON documents (400)', async () => {
    const trigger = await webhook({ config: { max_body_bytes: 100 } });
    const secret = secretOf(trigger);
    const big = await deliver(t, urlOf(trigger), {
      secret,
      body: { order: { customer: 'x'.repeat(200), total: 1 } },
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const plain = await deliver(t, urlOf(trigger), {
      secret,
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect((await deliver(t, urlOf(trigger), { secret, rawBody: '"just a string"' })).body.code).toBe(
      'invalid_payload',
    );
    expect((await deliver(t, urlOf(trigger), { secret, rawBody: '{"broken": ' })).status).toBe(400);

    const tooLarge = await call(t.app, 'POST', '/api/v1/triggers', {
      token: account.token,
      body: {
        name: 'huge',
        type: 'webhook',
        workflow_id: workflowId,
        config: { max_body_bytes: 2 * 1024 * 1024 },
      },
    });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.errors).toEqual([expect.objectContaining({ path: 'config.max_body_bytes' })]);
  });

  it('answers 422 and records last_error when the payload maps to an invalid input', async () => {
    const trigger = await webhook();
    const response = await deliver(t, urlOf(trigger), {
      secret: secretOf(trigger),
      body: { order: { total: 5 } },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'trigger_input_invalid',
      errors: [expect.objectContaining({ path: 'input.customer' })],
    });
    const read = await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token });
    expect(read.body).toMatchObject({
      fire_count: 0,
      last_error: { code: 'trigger_input_invalid', message: expect.any(String), at: expect.any(String) },
    });
  });

  it('never shows the secret again, keeps only its ciphertext and never logs it', async () => {
    const trigger = await webhook();
    const secret = secretOf(trigger);
    const key = secret.slice('whsec_'.length);
    expect((await deliver(t, urlOf(trigger), { secret, body: order })).status).toBe(202);

    const read = await call(t.app, 'GET', `/api/v1/triggers/${trigger.id}`, { token: account.token });
    const list = await call(t.app, 'GET', '/api/v1/triggers?type=webhook', { token: account.token });
    const toggled = await call(t.app, 'POST', `/api/v1/triggers/${trigger.id}/toggle`, {
      token: account.token,
    });
    for (const response of [read, list, toggled]) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(key);
    }
    expect(read.body).toMatchObject({ webhook: { secret_hint: `whsec_…${secret.slice(-4)}` } });
    expect(read.body.webhook).not.toHaveProperty('secret');

    const [row] = await t.deps.database.db.select().from(triggers).where(eq(triggers.id, trigger.id));
    expect(row?.secretCiphertext).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(row)).not.toContain(key);
    const audit = await t.deps.database.db.select().from(auditLogs).where(eq(auditLogs.orgId, account.orgId));
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(key);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(key);
  });
});
