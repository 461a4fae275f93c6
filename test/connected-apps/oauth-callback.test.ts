import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, connectedAppEvents, connectedApps, oauthStates } from '../../src/db/schema/index.js';
import { hashState } from '../../src/services/connected-apps/authorization.js';
import { openConnectedAppToken } from '../../src/services/connected-apps/open-app-token.js';
import type { LiveEvent } from '../../src/services/events/publish.js';
import { subscribeEvents } from '../../src/services/events/subscribe.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { CLIENT_SECRET, connect, connectedAppsSetup, consent, createApp, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof connectedAppsSetup>>;
let owner: Account;
let stranger: Account;
/** Every answer the tests saw, checked at the end for tokens. */
const answers: string[] = [];
const api = async <T = Record<string, unknown>>(
  method: string,
  path: string,
  token: string,
  body?: unknown,
) => {
  const response = await call<T>(s.t.app, method, path, { token, body });
  answers.push(JSON.stringify(response.body));
  return response;
};

beforeAll(async () => {
  s = await connectedAppsSetup();
  owner = await registerAccount(s.t.app, 'apps-owner');
  stranger = await registerAccount(s.t.app, 'apps-stranger');
});
afterAll(() => s?.close());

const events = async (appId: string) =>
  s.t.deps.database.db.select().from(connectedAppEvents).where(eq(connectedAppEvents.connectedAppId, appId));
const appRow = async (appId: string) =>
  (await s.t.deps.database.db.select().from(connectedApps).where(eq(connectedApps.id, appId)))[0];

describe('connecting an app', () => {
  it('creates a pending app by discovery, then the consent and the code exchange connect it', async () => {
    const created = await createApp(s.t, owner, s.issuer);
    answers.push(JSON.stringify(created));
    expect(created.status).toBe('pending');
    const authorize = new URL(created.authorization_url);
    expect(authorize.origin).toBe(s.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'http://localhost/api/v1/connected-apps/oauth/callback',
    );
    const state = authorize.searchParams.get('state') as string;
    const [stored] = await s.t.deps.database.db
      .select()
      .from(oauthStates)
      .where(eq(oauthStates.stateHash, hashState(state)));
    expect(stored?.userId).toBe(owner.userId);

    const callback = await consent(created.authorization_url);
    const connected = await api<{ status: string; account: Record<string, unknown> }>(
      'GET',
      callback,
      owner.token,
    );
    expect(connected.status).toBe(200);
    expect(connected.body.status).toBe('connected');
    expect(connected.body.account).toMatchObject({ sub: 'johndoe' });
    expect((await events(created.id)).map((e) => e.kind).sort()).toEqual([
      'authorization_started',
      'connected',
    ]);

    const token = await openConnectedAppToken(
      userContextFor(s.t, owner),
      (await appRow(created.id))?.name ?? '',
    );
    expect(token.appId).toBe(created.id);
    expect(s.issued).toContain(token.accessToken);

    // The same redirect again: the state is used up.
    const replay = await api('GET', callback, owner.token);
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('invalid_oauth_state');
  });

  it('refuses a state begun by another user, and an expired one', async () => {
    const created = await createApp(s.t, owner, s.issuer);
    const callback = await consent(created.authorization_url);
    const foreign = await api('GET', callback, stranger.token);
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('invalid_oauth_state');

    const state = new URL(created.authorization_url).searchParams.get('state') as string;
    await s.t.deps.database.db
      .update(oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthStates.stateHash, hashState(state)));
    const expired = await api('GET', callback, owner.token);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('invalid_oauth_state');
    expect((await appRow(created.id))?.status).toBe('pending');
  });

  it('answers 502 provider_error with what the provider said when the exchange fails', async () => {
    const created = await createApp(s.t, owner, s.issuer);
    const callback = await consent(created.authorization_url);
    s.provider.service.once('beforeResponse', (response: { statusCode: number; body: unknown }) => {
      response.statusCode = 400;
      response.body = { error: 'invalid_grant', error_description: 'code expired' };
    });
    const failed = await api<{ code: string; provider: Record<string, unknown> }>(
      'GET',
      callback,
      owner.token,
    );
    expect(failed.status).toBe(502);
    expect(failed.body.code).toBe('provider_error');
    expect(failed.body.provider).toMatchObject({ error: 'invalid_grant', status: 400 });
  });
});

describe('tokens over time', () => {
  it('refreshes on request through the token workflow', async () => {
    const { id } = await connect(s.t, owner, s.issuer);
    const refreshed = await api<{ status: string; last_refreshed_at: string }>(
      'POST',
      `/api/v1/connected-apps/${id}/refresh-token`,
      owner.token,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.status).toBe('connected');
    const kinds = (await events(id)).map((e) => [e.kind, (e.detail as { reason?: string }).reason]);
    expect(kinds).toContainEqual(['token_refreshed', 'forced']);
  });

  it('refreshes by the timer before a short-lived token expires', async () => {
    s.provider.service.once('beforeResponse', (response: { body: Record<string, unknown> }) => {
      response.body.expires_in = 3;
    });
    const { id } = await connect(s.t, owner, s.issuer);
    const event = await waitFor('a timer refresh', async () =>
      (await events(id)).find((e) => e.kind === 'token_refreshed'),
    );
    expect(event.detail).toMatchObject({ reason: 'timer' });
    expect(event.workflowId).toBe(`connected-app-token:${id}`);
  });

  it('marks the app needs_reauth when the provider refuses the refresh, and tells the org', async () => {
    s.provider.service.once('beforeResponse', (response: { body: Record<string, unknown> }) => {
      response.body.expires_in = 3;
    });
    const live: LiveEvent[] = [];
    const unsubscribe = await subscribeEvents(s.t.deps.database, s.t.testDatabase.url, (event) => {
      if (event.orgId === owner.orgId) live.push(event);
    });
    const { id } = await connect(s.t, owner, s.issuer);
    s.provider.service.once('beforeResponse', (response: { statusCode: number; body: unknown }) => {
      response.statusCode = 400;
      response.body = { error: 'invalid_grant', error_description: 'refresh token revoked' };
    });
    const failed = await waitFor('refresh_failed', async () =>
      (await events(id)).find((e) => e.kind === 'refresh_failed'),
    );
    expect(failed.detail).toMatchObject({ error: 'invalid_grant', status: 400, app_status: 'needs_reauth' });
    expect((await appRow(id))?.status).toBe('needs_reauth');
    const told = await waitFor('the live event', async () =>
      live.find((event) => event.data.connected_app_id === id && event.data.kind === 'refresh_failed'),
    );
    await unsubscribe();
    expect(told.type).toBe('connected_app.event');
    const refresh = await api('POST', `/api/v1/connected-apps/${id}/refresh-token`, owner.token);
    expect(refresh.status).toBe(409);
    expect(refresh.body.code).toBe('connected_app_not_connected');
  });

  it('revokes at the provider, deletes the tokens and ends the workflow', async () => {
    const { id } = await connect(s.t, owner, s.issuer);
    let revocations = 0;
    s.provider.service.on('beforeRevoke', () => {
      revocations += 1;
    });
    const revoked = await api<{ status: string }>('POST', `/api/v1/connected-apps/${id}/revoke`, owner.token);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(revocations).toBe(2);
    expect((await appRow(id))?.tokenCredentialId).toBeNull();
    for (const route of ['refresh-token', 'test', 'sync']) {
      const answer = await api('POST', `/api/v1/connected-apps/${id}/${route}`, owner.token);
      expect(answer.status, route).toBe(route === 'sync' ? 400 : 409);
    }
    await waitFor('the workflow to end', async () => {
      const { status } = await s.t.deps.temporal.client.workflow
        .getHandle(`connected-app-token:${id}`)
        .describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    });
  });
});

describe('using a connected app', () => {
  it('tests, syncs through a workflow, and pages its log newest first', async () => {
    const { id } = await connect(s.t, owner, s.issuer);
    const tested = await api<{ ok: boolean; status: number }>(
      'POST',
      `/api/v1/connected-apps/${id}/test`,
      owner.token,
    );
    expect(tested.body).toMatchObject({ ok: true, status: 200 });

    const patched = await api('PATCH', `/api/v1/connected-apps/${id}`, owner.token, {
      sync: { method: 'GET', url: `${s.issuer}/userinfo` },
    });
    expect(patched.status).toBe(200);
    const started = await api<{ workflow_id: string }>(
      'POST',
      `/api/v1/connected-apps/${id}/sync`,
      owner.token,
    );
    expect(started.status).toBe(202);
    const done = await waitFor('sync_completed', async () =>
      (await events(id)).find((e) => e.kind === 'sync_completed'),
    );
    expect(done.workflowId).toBe(started.body.workflow_id);
    expect(done.detail).toMatchObject({ status: 200, body: { sub: 'johndoe' } });

    const first = await api<{ items: { kind: string }[]; next_cursor: string }>(
      'GET',
      `/api/v1/connected-apps/${id}/logs?page_size=2`,
      owner.token,
    );
    expect(first.body.items.map((e) => e.kind)).toEqual(['sync_completed', 'sync_started']);
    const second = await api<{ items: { kind: string }[] }>(
      'GET',
      `/api/v1/connected-apps/${id}/logs?page_size=10&cursor=${first.body.next_cursor}`,
      owner.token,
    );
    expect(second.body.items.map((e) => e.kind)).toEqual(['tested', 'connected', 'authorization_started']);
  });

  it('answers 404 to another organization on every id route', async () => {
    const { id } = await connect(s.t, owner, s.issuer);
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PUT', '', { name: 'x', client_id: 'c' }],
      ['PATCH', '', { name: 'x' }],
      ['DELETE', ''],
      ['GET', '/logs'],
      ['POST', '/refresh-token'],
      ['POST', '/revoke'],
      ['POST', '/sync'],
      ['POST', '/test'],
    ];
    for (const [method, suffix, body] of routes) {
      const answer = await api(method, `/api/v1/connected-apps/${id}${suffix}`, stranger.token, body);
      expect(answer.status, `${method} ${suffix}`).toBe(404);
    }
    expect((await appRow(id))?.status).toBe('connected');
  });

  it('shows no token or client secret in any answer, audit row or event row', async () => {
    const listed = await api('GET', '/api/v1/connected-apps?page_size=200', owner.token);
    expect(listed.status).toBe(200);
    const audit = await s.t.deps.database.db.select().from(auditLogs).where(eq(auditLogs.orgId, owner.orgId));
    expect(audit.map((row) => row.action)).toContain('connected_app.connect');
    const logged = await s.t.deps.database.db
      .select()
      .from(connectedAppEvents)
      .where(eq(connectedAppEvents.orgId, owner.orgId));
    const everything = [...answers, JSON.stringify(audit), JSON.stringify(logged)].join('\n');
    expect(s.issued.length).toBeGreaterThan(5);
    for (const secret of [...s.issued, CLIENT_SECRET]) expect(everything.includes(secret)).toBe(false);
  });
});
