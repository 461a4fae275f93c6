import { OAuth2Server } from 'oauth2-mock-server';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call } from '../harness/http.js';

/** The test app (http providers allowed, a 1 s refresh margin) with a worker, and a mock provider. */
export async function connectedAppsSetup() {
  const provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  const t = await createTestApp({ OAUTH_ALLOW_HTTP: 'true', OAUTH_REFRESH_MARGIN_SECONDS: '1' });
  await t.startWorker();
  /** Every token the provider issued, to prove none of them is ever shown or logged. */
  const issued: string[] = [];
  provider.service.on('beforeResponse', (response: { body: Record<string, unknown> }) => {
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      const value = response.body[key];
      if (typeof value === 'string') issued.push(value);
    }
  });
  return {
    t,
    provider,
    issuer: provider.issuer.url as string,
    issued,
    async close() {
      await t.close();
      await provider.stop();
    },
  };
}

export const CLIENT_SECRET = 'client-secret-value-0123456789';

export async function createApp(
  t: TestApp,
  owner: Account,
  issuer: string,
  extra: Record<string, unknown> = {},
) {
  const created = await call<{ id: string; status: string; authorization_url: string }>(
    t.app,
    'POST',
    '/api/v1/connected-apps',
    {
      token: owner.token,
      body: {
        name: `app ${Math.random()}`,
        provider: 'generic',
        issuer,
        // Letters only: the mock provider does not form-decode HTTP Basic credentials (RFC 6749 2.3.1).
        client_id: 'conveyorclient',
        client_secret: CLIENT_SECRET,
        scopes: ['openid', 'email'],
        ...extra,
      },
    },
  );
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** The user's consent: a plain GET of the authorization URL, whose redirect names our callback. */
export async function consent(authorizationUrl: string): Promise<string> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize: ${response.status}`);
  const url = new URL(location);
  return `${url.pathname}${url.search}`;
}

export async function connect(
  t: TestApp,
  owner: Account,
  issuer: string,
  extra: Record<string, unknown> = {},
) {
  const app = await createApp(t, owner, issuer, extra);
  const callback = await consent(app.authorization_url);
  const connected = await call<{ status: string }>(t.app, 'GET', callback, { token: owner.token });
  if (connected.status !== 200)
    throw new Error(`callback: ${connected.status} ${JSON.stringify(connected.body)}`);
  return { id: app.id, callback };
}

export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
