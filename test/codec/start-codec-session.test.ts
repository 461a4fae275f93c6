import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../src/services/auth/access-tokens.js';
import { issueCodecToken } from '../../src/services/codec/session-tokens.js';
import { addMember } from '../approvals/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { plantedSecret, rawPayloadsOf, runHoldingSecret, type WirePayload } from './payloads.js';

const UI = 'http://127.0.0.1:8233';
let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await createTestApp({ TEMPORAL_UI_ORIGINS: `${UI},http://localhost:8233` });
  owner = await registerAccount(t.app, 'codec-session');
});
afterAll(() => t?.close());

async function sessionLink(token = owner.token) {
  const started = await call<{ url: string; expires_at: string }>(t.app, 'POST', '/api/v1/codec/session', {
    token,
  });
  return started;
}

/** Opens the link as a browser would: the answer's cookie and Location. */
async function open(url: string) {
  const response = await t.app.request(url);
  return { response, cookie: response.headers.get('set-cookie') ?? '' };
}

describe('POST /api/v1/codec/session and GET /api/v1/codec/session/{ticket}', () => {
  it('hands out a 60 s link that sets an HttpOnly, Lax, codec-only cookie and redirects to the Web UI', async () => {
    const started = await sessionLink();
    expect(started.status).toBe(201);
    const expiresIn = Date.parse(started.body.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(50_000);
    expect(expiresIn).toBeLessThanOrEqual(60_000);
    expect(started.body.url).toMatch(/\/api\/v1\/codec\/session\/[\w-]+\.[\w-]+\.[\w-]+$/);

    const { response, cookie } = await open(
      started.body.url.replace(/^http:\/\/[^/]+/, 'http://127.0.0.1:3000'),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${UI}/namespaces/${t.deps.temporal.namespace}/workflows`);
    expect(cookie).toMatch(/^conveyor_codec_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/Path=\/api\/v1\/codec/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    expect(expires - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
  });

  it("lets the cookie decode the user's own payloads, and nothing else", async () => {
    await t.startWorker();
    const secret = plantedSecret();
    const executionId = await runHoldingSecret(t, owner, secret);
    const raw = await rawPayloadsOf(t, executionId);
    const { cookie } = await open((await sessionLink()).body.url);
    const sessionCookie = cookie.split(';')[0] as string;
    const decoded = await call<{ payloads: WirePayload[] }>(t.app, 'POST', '/api/v1/codec/decode', {
      body: { payloads: raw },
      headers: { cookie: sessionCookie, origin: UI },
    });
    expect(decoded.status).toBe(200);
    expect(
      JSON.stringify(decoded.body.payloads.map((p) => Buffer.from(p.data, 'base64').toString())),
    ).toContain(secret);
    // The cookie is not an access token anywhere else.
    const me = await call(t.app, 'GET', '/api/v1/auth/me', {
      token: decodeURIComponent(sessionCookie.split('=')[1] as string),
    });
    expect(me.status).toBe(401);
  });

  it('refuses a forged, expired or wrong-kind ticket, and an access token as a ticket', async () => {
    const claims = { userId: owner.userId, orgId: owner.orgId };
    const issuer = t.deps.config.JWT_ISSUER;
    const session = await issueCodecToken(t.deps.secrets, issuer, 'session', claims);
    const { token: access } = await issueAccessToken(
      t.deps.secrets,
      { issuer, audience: t.deps.config.JWT_AUDIENCE, accessTtlSeconds: 900 },
      claims,
    );
    const ticket = (await sessionLink()).body.url.split('/').at(-1) as string;
    for (const wrong of [session.token, access, `${ticket.slice(0, -4)}AAAA`, 'not-a-jwt']) {
      const { response, cookie } = await open(`http://127.0.0.1/api/v1/codec/session/${wrong}`);
      expect(response.status).toBe(401);
      expect(cookie).toBe('');
    }
    // A session token is no ticket, and a ticket is no session cookie.
    const asCookie = await call(t.app, 'POST', '/api/v1/codec/decode', {
      body: { payloads: [] },
      headers: { cookie: `conveyor_codec_session=${ticket}` },
    });
    expect(asCookie.status).toBe(401);
  });

  it('needs executions:read to start a session', async () => {
    const member = await addMember(t, owner, []);
    const refused = await sessionLink(member.token);
    expect(refused.status).toBe(403);
    expect((await sessionLink('')).status).toBe(401);
  });
});
