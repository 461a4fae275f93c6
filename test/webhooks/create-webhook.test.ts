import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOutboundGuard } from '../../src/lib/outbound/build-guard.js';
import type { Resolver } from '../../src/lib/outbound/guard.js';
import { createWebhook } from '../../src/services/webhooks/create-webhook.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';

/**
 * The subscription routes: create (the secret once), read, PUT/PATCH, toggle, rotate, test, delete,
 * and beside each its hostile probe (another organization, bad input, SSRF destinations).
 */
let t: TestApp;
let receiver: StandIn;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp({ WEBHOOK_ALLOW_HTTP: 'true' });
  receiver = await startHttpStandIn();
  owner = await registerAccount(t.app, 'webhooks-owner');
  stranger = await registerAccount(t.app, 'webhooks-stranger');
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

const create = (account: Account, body: Record<string, unknown>) =>
  call<Record<string, unknown>>(t.app, 'POST', '/api/v1/webhooks', { token: account.token, body });
const valid = () => ({
  name: 'hook',
  url: `${receiver.url}/in`,
  event_types: ['execution.*', 'approval.requested'],
});

describe('webhook subscription routes', () => {
  it('shows the secret on create only, and never in lists, reads or updates', async () => {
    const created = await create(owner, valid());
    expect(created.status).toBe(201);
    const secret = String(created.body.secret);
    expect(secret).toMatch(/^whsec_/);
    expect(created.body.secret_hint).toBe(`whsec_…${secret.slice(-4)}`);
    const id = String(created.body.id);
    const answers = [
      await call(t.app, 'GET', '/api/v1/webhooks', { token: owner.token }),
      await call(t.app, 'GET', `/api/v1/webhooks/${id}`, { token: owner.token }),
      await call(t.app, 'PATCH', `/api/v1/webhooks/${id}`, { token: owner.token, body: { name: 'renamed' } }),
      await call(t.app, 'PUT', `/api/v1/webhooks/${id}`, { token: owner.token, body: valid() }),
      await call(t.app, 'POST', `/api/v1/webhooks/${id}/toggle`, { token: owner.token, body: {} }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(JSON.stringify(answer.body)).not.toContain(secret.slice(6));
    }
    // Nor in the audit trail.
    const audit = await t.deps.database.db.execute(
      sql`select coalesce(json_agg(a)::text, '') as rows from audit_logs a where resource_id = ${id}`,
    );
    expect(JSON.stringify(audit)).toContain('webhook.create');
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    expect((answers[2]?.body as { name: string } | undefined)?.name).toBe('renamed');
    expect((answers[3]?.body as { name: string } | undefined)?.name).toBe('hook');
    expect((answers[4]?.body as { enabled: boolean } | undefined)?.enabled).toBe(false);
  });

  it("answers 404 for another organization's subscription on every id route", async () => {
    const id = String((await create(owner, valid())).body.id);
    const probes: [string, string, unknown?][] = [
      ['GET', `/api/v1/webhooks/${id}`],
      ['PUT', `/api/v1/webhooks/${id}`, valid()],
      ['PATCH', `/api/v1/webhooks/${id}`, { name: 'x' }],
      ['DELETE', `/api/v1/webhooks/${id}`],
      ['POST', `/api/v1/webhooks/${id}/test`],
      ['POST', `/api/v1/webhooks/${id}/toggle`, {}],
      ['POST', `/api/v1/webhooks/${id}/rotate-secret`],
      ['GET', `/api/v1/webhooks/${id}/deliveries`],
    ];
    for (const [method, path, body] of probes) {
      const answer = await call(t.app, method, path, { token: stranger.token, body });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect(receiver.requests.filter((r) => r.path === '/in')).toHaveLength(0);
  });

  it('refuses unknown event types, huge lists, NUL names and unknown fields with a code', async () => {
    const bad = [
      { ...valid(), event_types: ['execution.exploded'] },
      { ...valid(), event_types: Array(100).fill('*') },
      { ...valid(), event_types: [] },
      { ...valid(), name: 'a\u0000b' },
      { ...valid(), name: 'x'.repeat(500) },
      { ...valid(), max_consecutive_failures: 0 },
      { ...valid(), extra: true },
      { ...valid(), url: 'ftp://example.com/x' },
    ];
    for (const body of bad) {
      const answer = await create(owner, body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(typeof answer.body.code).toBe('string');
    }
  });

  it('refuses loopback, private and metadata destinations by the production guard’s decision', async () => {
    // A guard like production's (no loopback allowance), with names answered by this table: no lookup, no connection.
    const table: Record<string, string> = {
      localhost: '127.0.0.1',
      'internal.example': '10.1.2.3',
      'meta.example': '169.254.169.254',
    };
    const resolver: Resolver = async (name) => [{ address: table[name] ?? '93.184.216.34', family: 4 }];
    const guard = buildOutboundGuard({
      allow: undefined,
      infrastructure: {
        temporalAddress: '127.0.0.1:7233',
        temporalPorts: { http: 7243, ui: 8233, metrics: 9090 },
      },
      resolver,
    });
    const ctx = { ...userContextFor(t, owner, ['webhooks:write']), outbound: guard };
    for (const url of [
      'https://10.0.0.5/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/hook',
      'https://127.0.0.1:8080/hook',
      'https://internal.example/hook',
      'https://meta.example/hook',
    ]) {
      const refused = await createWebhook(ctx, {
        name: 'ssrf',
        url,
        event_types: ['*'],
        description: '',
        enabled: true,
        max_consecutive_failures: 10,
      }).catch((error: unknown) => error as { code: string; details?: { rule?: string } });
      expect((refused as { code: string }).code, `${url} ${JSON.stringify(refused)}`).toBe(
        'destination_not_allowed',
      );
      expect((refused as { details?: { rule?: string } }).details?.rule, url).toBeTruthy();
    }
  });

  it('tests a subscription synchronously: a signed webhook.test, with status, latency and a capped body', async () => {
    receiver.on('/test', () => ({ status: 202, body: { text: 'y'.repeat(5000) } }));
    const created = await create(owner, { ...valid(), url: `${receiver.url}/test` });
    const answer = await call<Record<string, unknown>>(
      t.app,
      'POST',
      `/api/v1/webhooks/${created.body.id}/test`,
      {
        token: owner.token,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ delivered: true, status: 202, error: null });
    expect(typeof answer.body.latency_ms).toBe('number');
    expect(String(answer.body.response_body).length).toBe(1024);
    const request = receiver.requests.filter((r) => r.path === '/test').at(-1);
    const event = new Webhook(String(created.body.secret)).verify(
      request?.body ?? '',
      request?.headers as Record<string, string>,
    ) as { type: string };
    expect(event.type).toBe('webhook.test');
  });

  it('rotates the secret: the new one is shown once and deliveries carry both signatures for a day', async () => {
    receiver.on('/rotated', () => ({ status: 200 }));
    const created = await create(owner, { ...valid(), url: `${receiver.url}/rotated` });
    const rotated = await call<Record<string, unknown>>(
      t.app,
      'POST',
      `/api/v1/webhooks/${created.body.id}/rotate-secret`,
      { token: owner.token },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await call(t.app, 'POST', `/api/v1/webhooks/${created.body.id}/test`, { token: owner.token });
    const request = receiver.requests.filter((r) => r.path === '/rotated').at(-1);
    expect(String(request?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [created.body.secret, rotated.body.secret]) {
      expect(() =>
        new Webhook(String(secret)).verify(request?.body ?? '', request?.headers as Record<string, string>),
      ).not.toThrow();
    }
  });

  it('deletes softly: gone from reads and lists', async () => {
    const id = String((await create(owner, valid())).body.id);
    expect((await call(t.app, 'DELETE', `/api/v1/webhooks/${id}`, { token: owner.token })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/webhooks/${id}`, { token: owner.token })).status).toBe(404);
    const list = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/webhooks', {
      token: owner.token,
    });
    expect(list.body.items.map((item) => item.id)).not.toContain(id);
  });
});
