import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/services/workflows/validate-definition.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type StandIn, startHttpStandIn } from '../harness/http-stand-in.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';

/**
 * http steps authenticate with a credential named in `auth`: the activity decrypts it and adds it
 * to the request; the name is all the workflow, its history and its records ever hold. A server
 * that echoes the secret back gets it masked before anything stores its answer.
 */
let t: TestApp;
let api: StandIn;
let other: StandIn;
let account: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  api = await startHttpStandIn();
  other = await startHttpStandIn();
  account = await registerAccount(t.app, 'step-auth');
  stranger = await registerAccount(t.app, 'step-auth-stranger');
  // Echoes what it received: a server that quotes the request back, the masking's adversary.
  api.on('/echo', (req) => ({ status: 200, body: { headers: req.headers, query: req.query } }));
});
afterAll(async () => {
  await api?.close();
  await other?.close();
  await t?.close();
});

async function createCredential(owner: Account, body: Record<string, unknown>): Promise<void> {
  const created = await call(t.app, 'POST', '/api/v1/credentials', { token: owner.token, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

async function runHttp(owner: Account, config: Record<string, unknown>) {
  const workflowId = await seedPublishedWorkflow(t, owner, {
    steps: [{ id: 'call', type: 'http', config, retry: { max_attempts: 2, initial_interval: '100ms' } }],
  });
  const execution = await launch(t, owner, workflowId);
  const outcome = await waitForOutcome(t, execution.id);
  return { execution, outcome };
}

/** Every place a run's data lands, as text: its history (decoded), its rows, its logs. */
async function everythingStoredFor(executionId: string): Promise<string> {
  const history = await t.deps.temporal.client.workflow.getHandle(executionId).fetchHistory();
  const rows = await t.deps.database.db.execute(sql`
    select (select coalesce(json_agg(e)::text, '') from executions e where e.id = ${executionId})
      || (select coalesce(json_agg(s)::text, '') from execution_steps s where s.execution_id = ${executionId})
      || (select coalesce(json_agg(l)::text, '') from execution_logs l where l.execution_id = ${executionId})
      || (select coalesce(json_agg(a)::text, '') from audit_logs a) as stored`);
  const stored =
    (rows as unknown as { rows?: { stored: string }[] }).rows?.[0]?.stored ?? JSON.stringify(rows);
  return JSON.stringify(history) + stored;
}

describe('http steps with auth', () => {
  it('sends an API key header, masks its echo, and stores only the name', async () => {
    const secret = 'planted-api-key-7f3a9c';
    await createCredential(account, {
      name: 'erp',
      type: 'api_key',
      value: { key: secret, placement: 'header', name: 'X-Api-Key' },
    });
    const { execution, outcome } = await runHttp(account, {
      url: `${api.url}/echo`,
      auth: { credential: 'erp' },
    });
    expect(outcome.status).toBe('completed');
    expect(api.requests.at(-1)?.headers['x-api-key']).toBe(secret);
    const [step] = await stepsOf(t, execution.id);
    expect(JSON.stringify(step?.output)).toContain('"x-api-key":"***"');
    expect(await everythingStoredFor(execution.id)).not.toContain(secret);
  });

  it('places an API key in the query, and basic and bearer credentials in Authorization', async () => {
    await createCredential(account, {
      name: 'search',
      type: 'api_key',
      value: { key: 'planted-query-key-91b2', placement: 'query', name: 'api_key' },
    });
    await createCredential(account, {
      name: 'legacy',
      type: 'basic_auth',
      value: { username: 'ops', password: 'planted-password-55e1' },
    });
    await createCredential(account, {
      name: 'crm-token',
      type: 'bearer_token',
      value: { token: 'planted-bearer-0c4d' },
    });

    const query = await runHttp(account, { url: `${api.url}/echo`, auth: { credential: 'search' } });
    expect(api.requests.at(-1)?.query.api_key).toBe('planted-query-key-91b2');
    expect(await everythingStoredFor(query.execution.id)).not.toContain('planted-query-key-91b2');

    const basic = await runHttp(account, { url: `${api.url}/echo`, auth: { credential: 'legacy' } });
    const expected = `Basic ${Buffer.from('ops:planted-password-55e1').toString('base64')}`;
    expect(api.requests.at(-1)?.headers.authorization).toBe(expected);
    const basicStored = await everythingStoredFor(basic.execution.id);
    expect(basicStored).not.toContain('planted-password-55e1');
    expect(basicStored).not.toContain(expected.slice('Basic '.length));

    const bearer = await runHttp(account, { url: `${api.url}/echo`, auth: { credential: 'crm-token' } });
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer planted-bearer-0c4d');
    expect(await everythingStoredFor(bearer.execution.id)).not.toContain('planted-bearer-0c4d');
  });

  it('fetches a client-credentials token once, caches it, and masks it', async () => {
    api.on('/token', (req) => {
      const form = new URLSearchParams(req.body);
      const basic = Buffer.from('svc:planted-client-secret-3e').toString('base64');
      if (req.headers.authorization !== `Basic ${basic}` || form.get('grant_type') !== 'client_credentials') {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      return {
        status: 200,
        body: { access_token: 'planted-access-token-b7', token_type: 'bearer', expires_in: 3600 },
      };
    });
    await createCredential(account, {
      name: 'machine',
      type: 'oauth2_client_credentials',
      value: {
        token_url: `${api.url}/token`,
        client_id: 'svc',
        client_secret: 'planted-client-secret-3e',
        scopes: ['orders.read'],
      },
    });
    const first = await runHttp(account, { url: `${api.url}/echo`, auth: { credential: 'machine' } });
    expect(first.outcome.status).toBe('completed');
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer planted-access-token-b7');
    const second = await runHttp(account, { url: `${api.url}/echo`, auth: { credential: 'machine' } });
    expect(second.outcome.status).toBe('completed');
    expect(api.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    const stored =
      (await everythingStoredFor(first.execution.id)) + (await everythingStoredFor(second.execution.id));
    expect(stored).not.toContain('planted-access-token-b7');
    expect(stored).not.toContain('planted-client-secret-3e');
  });

  it('fails at once, naming the credential, when the organization has none of that name', async () => {
    // The stranger's organization has no `erp`: another tenant's credential is not found, not used.
    const { execution, outcome } = await runHttp(stranger, {
      url: `${api.url}/echo`,
      auth: { credential: 'erp' },
    });
    expect(outcome.status).toBe('failed');
    expect(JSON.stringify(outcome.error)).toContain('CREDENTIAL_NOT_FOUND');
    const [step] = await stepsOf(t, execution.id);
    expect(step?.attempts).toBe(1);
  });

  it('drops a header-placed key when a redirect leaves the origin', async () => {
    api.on('/moved', () => ({ status: 302, headers: { location: `${other.url}/landing` } }));
    other.on('/landing', (req) => ({ status: 200, body: { saw: req.headers['x-api-key'] ?? null } }));
    const { outcome } = await runHttp(account, { url: `${api.url}/moved`, auth: { credential: 'erp' } });
    expect(outcome.status).toBe('completed');
    expect(other.requests.at(-1)?.headers['x-api-key']).toBeUndefined();
  });

  it('refuses a templated or malformed credential name when the workflow is saved', async () => {
    for (const name of ['{{ input.c }}', 'app:owned', '', 'x'.repeat(65)]) {
      const checked = await validateDefinition({
        steps: [{ id: 'call', type: 'http', config: { url: `${api.url}/echo`, auth: { credential: name } } }],
      });
      expect(checked.ok, name).toBe(false);
    }
    const both = await validateDefinition({
      steps: [
        {
          id: 'call',
          type: 'http',
          config: { url: `${api.url}/echo`, auth: { credential: 'a1', connected_app: 'b2' } },
        },
      ],
    });
    expect(both.ok).toBe(false);
  });
});

describe('http steps with a connected app', () => {
  it("sends the app's access token, and stores neither it nor anything the provider issued", async () => {
    const { connectedAppsSetup, connect } = await import('../connected-apps/helpers.js');
    const apps = await connectedAppsSetup();
    try {
      const owner = await registerAccount(apps.t.app, 'step-auth-app');
      const { id } = await connect(apps.t, owner, apps.issuer);
      const app = await call<{ name: string }>(apps.t.app, 'GET', `/api/v1/connected-apps/${id}`, {
        token: owner.token,
      });
      const workflowId = await seedPublishedWorkflow(apps.t, owner, {
        steps: [
          {
            id: 'call',
            type: 'http',
            config: { url: `${api.url}/echo`, auth: { connected_app: app.body.name } },
          },
        ],
      });
      const execution = await launch(apps.t, owner, workflowId);
      expect((await waitForOutcome(apps.t, execution.id)).status).toBe('completed');
      const sent = String(api.requests.at(-1)?.headers.authorization);
      expect(sent).toMatch(/^Bearer .+/);
      expect(apps.issued).toContain(sent.slice('Bearer '.length));
      const history = JSON.stringify(
        await apps.t.deps.temporal.client.workflow.getHandle(execution.id).fetchHistory(),
      );
      const [step] = await stepsOf(apps.t, execution.id);
      for (const token of apps.issued) {
        expect(history).not.toContain(token);
        expect(JSON.stringify(step?.output)).not.toContain(token);
      }
      // Another organization's step cannot name this app.
      const stranger = await registerAccount(apps.t.app, 'step-auth-app-stranger');
      const theirs = await seedPublishedWorkflow(apps.t, stranger, {
        steps: [
          {
            id: 'call',
            type: 'http',
            config: { url: `${api.url}/echo`, auth: { connected_app: app.body.name } },
          },
        ],
      });
      const refused = await waitForOutcome(apps.t, (await launch(apps.t, stranger, theirs)).id);
      expect(refused.status).toBe('failed');
      expect(JSON.stringify(refused.error)).toContain('CONNECTED_APP_UNAVAILABLE');
    } finally {
      await apps.close();
    }
  });
});
