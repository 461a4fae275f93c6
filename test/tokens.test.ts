import { type createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshSessions } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './harness/app.js';
import { type Account, call, registerAccount } from './harness/http.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'tokens');
});
afterAll(() => t?.close());

const me = (token: string) => call(t.app, 'GET', '/api/v1/auth/me', { token });

/** Signs with our real key and kid unless told otherwise, so each case changes exactly one thing. */
async function forge(options: {
  claims?: Record<string, unknown>;
  typ?: string;
  /** Seconds from now; null leaves `exp` out. */
  expiresIn?: number | null;
  key?: ReturnType<typeof createPrivateKey>;
  kid?: string;
}) {
  const { secrets, config } = t.deps;
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: account.userId,
    org: account.orgId,
    iss: config.JWT_ISSUER,
    aud: config.JWT_AUDIENCE,
    iat: now,
    jti: 'forged',
    ...(options.expiresIn === null ? {} : { exp: now + (options.expiresIn ?? 300) }),
    ...options.claims,
  };
  const jwt = new SignJWT(payload).setProtectedHeader({
    alg: 'ES256',
    kid: options.kid ?? secrets.jwt.kid,
    typ: options.typ ?? 'at+jwt',
  });
  return jwt.sign(options.key ?? secrets.jwt.privateKey);
}

describe('access token verification', () => {
  it('accepts a token forged only the way the server signs (the baseline for the cases below)', async () => {
    expect((await me(await forge({}))).status).toBe(200);
  });

  it('refuses alg: none', async () => {
    const header = base64url.encode(
      JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: t.deps.secrets.jwt.kid }),
    );
    const now = Math.floor(Date.now() / 1000);
    const payload = base64url.encode(
      JSON.stringify({
        sub: account.userId,
        org: account.orgId,
        iss: t.deps.config.JWT_ISSUER,
        aud: t.deps.config.JWT_AUDIENCE,
        iat: now,
        exp: now + 300,
        jti: 'x',
      }),
    );
    const response = await me(`${header}.${payload}.`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a token signed by another key, even with our kid', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect((await me(await forge({ key: privateKey }))).status).toBe(401);
  });

  it('refuses an HS256 token that uses the public key as its secret', async () => {
    const publicPem = t.deps.secrets.jwt.publicKey.export({ type: 'spki', format: 'pem' });
    const token = await new SignJWT({ org: account.orgId })
      .setProtectedHeader({ alg: 'HS256', kid: t.deps.secrets.jwt.kid, typ: 'at+jwt' })
      .setSubject(account.userId)
      .setIssuer(t.deps.config.JWT_ISSUER)
      .setAudience(t.deps.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti('x')
      .sign(new TextEncoder().encode(String(publicPem)));
    expect((await me(token)).status).toBe(401);
  });

  it('refuses an expired token and says so', async () => {
    const token = await forge({ expiresIn: -10 });
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe('Access token expired');
  });

  it('refuses a token it accepted before once the token expires (verified tokens are remembered)', async () => {
    // At least a second of validity left for the first two calls, whatever the clock's fraction.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await forge({ claims: { exp } });
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe('Access token expired');
  });

  it('never accepts a token remembered under another signing key', async () => {
    const token = await forge({});
    expect((await me(token)).status).toBe(200);
    const other = await createTestApp();
    try {
      const response = await call(other.app, 'GET', '/api/v1/auth/me', { token });
      expect(response.status).toBe(401);
      expect(response.body.detail).toBe('Invalid access token');
    } finally {
      await other.close();
    }
  });

  it('refuses a token without exp', async () => {
    expect((await me(await forge({ expiresIn: null }))).status).toBe(401);
  });

  it('refuses the wrong token type, audience, issuer or kid', async () => {
    expect((await me(await forge({ typ: 'JWT' }))).status).toBe(401);
    expect((await me(await forge({ claims: { aud: 'someone-else' } }))).status).toBe(401);
    expect((await me(await forge({ claims: { iss: 'someone-else' } }))).status).toBe(401);
    expect((await me(await forge({ kid: 'another-kid' }))).status).toBe(401);
  });

  it('refuses a token whose org claim is not the user’s organization', async () => {
    const other = await registerAccount(t.app, 'other-org');
    expect((await me(await forge({ claims: { org: other.orgId } }))).status).toBe(401);
  });

  it('never accepts a refresh token as an access token', async () => {
    const response = await me(account.refreshToken);
    expect(response.status).toBe(401);
  });

  it('answers 401, not 403, without a token or with a malformed header', async () => {
    expect((await call(t.app, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const basic = await call(t.app, 'GET', '/api/v1/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
  });
});

describe('refresh token rotation', () => {
  it('rejects a reused refresh token and revokes its family', async () => {
    const user = await registerAccount(t.app, 'reuse');
    const first = user.refreshToken;
    const second = await call<{ refresh_token: string }>(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: first },
    });
    expect(second.status).toBe(200);

    // An attacker replays the first token: refused, and the legitimate newer token dies with it.
    const replay = await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: first } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    const afterRevocation = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: second.body.refresh_token },
    });
    expect(afterRevocation.status).toBe(401);

    const rows = await t.deps.database.db
      .select()
      .from(refreshSessions)
      .where(eq(refreshSessions.userId, user.userId));
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.revokedAt !== null && r.revokedReason === 'reuse_detected')).toBe(true);
  });

  it('does not revoke other logins of the same user', async () => {
    const user = await registerAccount(t.app, 'two-logins');
    const login = await call<{ refresh_token: string }>(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: user.refreshToken } });
    await call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: user.refreshToken } });
    const otherLogin = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: login.body.refresh_token },
    });
    expect(otherLogin.status).toBe(200);
  });

  it('gives exactly one winner when the same refresh token is used twice at once', async () => {
    const user = await registerAccount(t.app, 'race');
    const results = await Promise.all(
      [1, 2].map(() =>
        call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: user.refreshToken } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses an unknown refresh token', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/refresh', {
      body: { refresh_token: 'crt_nope' },
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_refresh_token');
  });
});
