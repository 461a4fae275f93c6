import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/services/templates/catalog.js';
import {
  type AnthropicStandIn,
  startAnthropicStandIn,
  text,
  toolUse,
} from '../harness/anthropic-stand-in.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { waitForOutcome } from '../harness/workflows.js';
import { execute, publish, type WorkflowBody } from './api.js';

// Each built-in template instantiated, published and run through the API against a local stand-in
// for the services it calls, checking it does what its description promises.

let t: TestApp;
let api: StandIn;
let anthropic: AnthropicStandIn;
let account: Account;
beforeAll(async () => {
  anthropic = await startAnthropicStandIn();
  t = await createTestApp({ ANTHROPIC_API_KEY: 'sk-ant-templates', ANTHROPIC_BASE_URL: anthropic.url });
  await t.startWorker();
  api = await startHttpStandIn();
  account = await registerAccount(t.app, 'wf-template-runs');
});
afterAll(async () => {
  await api?.close();
  await anthropic?.close();
  await t?.close();
});

/** Instantiates, publishes and runs a template through the API; returns the finished execution. */
async function runTemplate(templateId: string, input: Record<string, unknown>) {
  const created = await call<WorkflowBody>(t.app, 'POST', `/api/v1/templates/${templateId}/instantiate`, {
    token: account.token,
  });
  expect(created.status, templateId).toBe(201);
  await publish(t.app, account, created.body.id);
  const started = await execute(t.app, account, created.body.id, input);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return waitForOutcome(t, started.body.execution_id);
}

const bodiesOf = (path: string) => api.requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body));

describe('every template runs as described', () => {
  it('http-health-check-with-alert: quiet when healthy, alerts when not', async () => {
    api.on('/hc/up', () => ({ status: 200, body: { ok: true } }));
    api.on('/hc/gone', () => ({ status: 404 }));
    api.on('/hc/alert', () => ({ status: 200 }));
    const input = (path: string) => ({
      url: `${api.url}${path}`,
      alert_webhook_url: `${api.url}/hc/alert`,
      service_name: 'shop',
    });
    const healthy = await runTemplate('http-health-check-with-alert', input('/hc/up'));
    expect(healthy.output).toEqual({ url: `${api.url}/hc/up`, healthy: true, status: 200, alerted: false });
    expect(bodiesOf('/hc/alert')).toEqual([]);

    const down = await runTemplate('http-health-check-with-alert', input('/hc/gone'));
    expect(down.status).toBe('completed');
    expect(down.output).toMatchObject({ healthy: false, alerted: true });
    const [alert] = bodiesOf('/hc/alert');
    expect(alert).toMatchObject({ url: `${api.url}/hc/gone`, error: 'HTTP_404' });
    expect(alert.text).toMatch(/^shop is unhealthy: /);
  });

  it('retry-flaky-endpoint-with-fallback: uses the fallback when the primary fails', async () => {
    api.on('/rf/primary', () => ({ status: 400, body: { error: 'rejected' } }));
    api.on('/rf/fallback', () => ({ status: 201, body: { id: 'fb-1' } }));
    const outcome = await runTemplate('retry-flaky-endpoint-with-fallback', {
      primary_url: `${api.url}/rf/primary`,
      fallback_url: `${api.url}/rf/fallback`,
      payload: { order: 7 },
    });
    expect(outcome.output).toMatchObject({ answered_by: 'fallback', status: 201, body: { id: 'fb-1' } });
    expect(bodiesOf('/rf/fallback')).toEqual([{ order: 7 }]);
  });

  it('daily-report-digest: summarizes the records and posts the digest', async () => {
    api.on('/rd/source', () => ({
      status: 200,
      body: {
        items: [
          { name: 'a', amount: 5 },
          { name: 'b', amount: 20 },
          { name: 'c', amount: 1 },
          { name: 'd', amount: 7 },
        ],
      },
    }));
    api.on('/rd/hook', () => ({ status: 204 }));
    const outcome = await runTemplate('daily-report-digest', {
      source_url: `${api.url}/rd/source`,
      webhook_url: `${api.url}/rd/hook`,
      api_token: 'secret-token',
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toMatchObject({
      count: 4,
      total: 33,
      average: 8.25,
      top: [
        { name: 'b', amount: 20 },
        { name: 'd', amount: 7 },
        { name: 'a', amount: 5 },
      ],
    });
    expect(bodiesOf('/rd/hook')).toEqual([outcome.output]);
    const source = api.requests.find((r) => r.path === '/rd/source');
    expect(source?.headers.authorization).toBe('Bearer secret-token');
  });

  it('webhook-payload-router: forwards each event type to its system', async () => {
    for (const path of ['/wr/orders', '/wr/helpdesk', '/wr/other']) api.on(path, () => ({ status: 202 }));
    const input = (payload: Record<string, unknown>) => ({
      payload,
      orders_url: `${api.url}/wr/orders`,
      helpdesk_url: `${api.url}/wr/helpdesk`,
      fallback_url: `${api.url}/wr/other`,
    });
    const ticket = await runTemplate(
      'webhook-payload-router',
      input({ type: 'Ticket.Opened', subject: 'Help', email: 'a@b.c' }),
    );
    expect(ticket.output).toEqual({ event_type: 'ticket.opened', routed_to: 'helpdesk', status: 202 });
    expect(bodiesOf('/wr/helpdesk')).toEqual([
      {
        subject: 'Help',
        requester: 'a@b.c',
        raw: { type: 'Ticket.Opened', subject: 'Help', email: 'a@b.c' },
      },
    ]);
    const other = await runTemplate('webhook-payload-router', input({ type: 'user.deleted' }));
    expect(other.output).toMatchObject({ routed_to: 'fallback' });
    expect(bodiesOf('/wr/other')).toEqual([{ type: 'user.deleted' }]);
    expect(bodiesOf('/wr/orders')).toEqual([]);
  });

  it('fan-out-api-calls: one call per element, failures reported, not fatal', async () => {
    api.on('/fo/each', (request) => ({ status: JSON.parse(request.body).n === 2 ? 422 : 200 }));
    const outcome = await runTemplate('fan-out-api-calls', {
      items: [{ n: 1 }, { n: 2 }, { n: 3 }],
      url: `${api.url}/fo/each`,
    });
    expect(outcome.output).toEqual({
      total: 3,
      succeeded: 2,
      failed: [{ index: 1, ok: false, error: 'HTTP_422' }],
    });
    expect(
      bodiesOf('/fo/each')
        .map((b) => b.n)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it('metric-threshold-alert: alerts above the threshold only', async () => {
    api.on('/mt/high', () => ({ status: 200, body: { value: 42 } }));
    api.on('/mt/low', () => ({ status: 200, body: { value: '12' } }));
    api.on('/mt/alert', () => ({ status: 200 }));
    const input = (path: string) => ({
      metrics_url: `${api.url}${path}`,
      threshold: 40,
      alert_webhook_url: `${api.url}/mt/alert`,
      metric_name: 'queue depth',
    });
    const high = await runTemplate('metric-threshold-alert', input('/mt/high'));
    expect(high.output).toEqual({ value: 42, threshold: 40, alerted: true });
    expect(bodiesOf('/mt/alert')).toEqual([
      { text: 'queue depth is 42, above 40', value: 42, threshold: 40 },
    ]);
    const low = await runTemplate('metric-threshold-alert', input('/mt/low'));
    expect(low.output).toEqual({ value: 12, threshold: 40, alerted: false });
    expect(bodiesOf('/mt/alert').length).toBe(1);
  });

  it('enrich-and-forward-lead: merges the lookup, scores and creates the lead', async () => {
    api.on('/el/lookup', () => ({
      status: 200,
      body: { company: 'Acme', role: 'Head of IT', country: 'DE' },
    }));
    api.on('/el/crm', () => ({ status: 201 }));
    const outcome = await runTemplate('enrich-and-forward-lead', {
      lead: { email: 'ada@acme.test', name: 'Ada' },
      enrichment_url: `${api.url}/el/lookup`,
      crm_url: `${api.url}/el/crm`,
    });
    expect(outcome.output).toEqual({ crm_status: 201, score: 100, enriched: true });
    expect(bodiesOf('/el/crm')).toEqual([
      {
        lead: { email: 'ada@acme.test', name: 'Ada', company: 'Acme', role: 'Head of IT', country: 'DE' },
        score: 100,
        enriched: true,
      },
    ]);
  });

  it('delayed-follow-up: acts once the moment has come and the task is not done', async () => {
    api.on('/df/status', () => ({ status: 200, body: { done: false } }));
    api.on('/df/act', () => ({ status: 200 }));
    const outcome = await runTemplate('delayed-follow-up', {
      at: new Date(Date.now() + 1000).toISOString(),
      status_url: `${api.url}/df/status`,
      action_url: `${api.url}/df/act`,
      payload: { cart: 'c-1' },
    });
    expect(outcome.output).toEqual({ followed_up: true });
    const acted = api.requests.find((r) => r.path === '/df/act');
    expect(JSON.parse(acted?.body ?? 'null')).toEqual({ cart: 'c-1' });
  });

  it('sync-records-between-apis: reshapes and writes the changed records', async () => {
    api.on('/sr/source', () => ({
      status: 200,
      body: {
        records: [
          { id: 1, first_name: 'Ada', last_name: 'Lovelace', email: 'ADA@X.TEST', updated_at: '2030-01-01' },
          { id: 2, first_name: 'Alan', last_name: ' ', email: 'alan@x.test', updated_at: '2030-01-02' },
        ],
      },
    }));
    api.on('/sr/target', () => ({ status: 200 }));
    const outcome = await runTemplate('sync-records-between-apis', {
      source_url: `${api.url}/sr/source`,
      target_url: `${api.url}/sr/target`,
    });
    expect(outcome.output).toEqual({ read: 2, written: 2 });
    expect(bodiesOf('/sr/target')).toEqual([
      {
        records: [
          { external_id: 1, full_name: 'Ada Lovelace', email: 'ada@x.test', updated_at: '2030-01-01' },
          { external_id: 2, full_name: 'Alan', email: 'alan@x.test', updated_at: '2030-01-02' },
        ],
      },
    ]);
  });

  it('ai-ticket-triage: Claude queues a clear ticket and sends a doubtful one to review', async () => {
    api.on('/tt/helpdesk', () => ({ status: 201 }));
    api.on('/tt/review', () => ({ status: 201 }));
    const input = {
      ticket: { subject: 'Charged twice', body: 'My card was charged twice for order 1182.' },
      helpdesk_url: `${api.url}/tt/helpdesk`,
      review_url: `${api.url}/tt/review`,
    };
    anthropic.reply(
      toolUse('record_classification', { category: 'billing', confidence: 0.95, reason: 'A double charge.' }),
      text('The customer was charged twice for order 1182.'),
    );
    const clear = await runTemplate('ai-ticket-triage', input);
    expect(clear.output).toEqual({
      queue: 'billing',
      confidence: 0.95,
      summary: 'The customer was charged twice for order 1182.',
      reviewed: false,
    });
    expect(bodiesOf('/tt/helpdesk')).toEqual([
      { queue: 'billing', summary: 'The customer was charged twice for order 1182.', ticket: input.ticket },
    ]);
    anthropic.reply(
      toolUse('record_classification', { category: 'other', confidence: 0.3, reason: 'Unclear.' }),
      text('Unclear request.'),
    );
    const doubtful = await runTemplate('ai-ticket-triage', input);
    expect(doubtful.output).toMatchObject({ queue: 'other', reviewed: true });
    expect(bodiesOf('/tt/review')).toHaveLength(1);
  });

  it('covers every template in the catalogue', () => {
    const tested = [
      'http-health-check-with-alert',
      'retry-flaky-endpoint-with-fallback',
      'daily-report-digest',
      'webhook-payload-router',
      'fan-out-api-calls',
      'metric-threshold-alert',
      'enrich-and-forward-lead',
      'delayed-follow-up',
      'sync-records-between-apis',
      'ai-ticket-triage',
    ];
    expect(
      loadTemplates()
        .map((t) => t.id)
        .sort(),
    ).toEqual(tested.sort());
  });
});
