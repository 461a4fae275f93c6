import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Secrets } from '../../secrets.js';
import { cachedToken, forgetToken, rememberToken } from './verified-token-cache.js';

/** RFC 9068 token type: a refresh token or any other JWT can never pass as an access token. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
const ALGORITHM = 'ES256';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

export interface AccessClaims {
  userId: string;
  orgId: string;
}

export async function issueAccessToken(
  secrets: Secrets,
  settings: TokenSettings,
  claims: AccessClaims,
): Promise<{ token: string; expiresIn: number }> {
  const token = await new SignJWT({ org: claims.orgId })
    .setProtectedHeader({ alg: ALGORITHM, kid: secrets.jwt.kid, typ: ACCESS_TOKEN_TYP })
    .setSubject(claims.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${settings.accessTtlSeconds}s`)
    .setJti(randomUUID())
    .sign(secrets.jwt.privateKey);
  return { token, expiresIn: settings.accessTtlSeconds };
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token expired' : 'Invalid access token');
  }
}

/**
 * Verifies with an explicit algorithm allow-list (so `alg: none` and HMAC-with-public-key tricks
 * fail), the expected `kid`, issuer, audience, token type and the claims we rely on. A token that
 * passed once is remembered until it expires (verified-token-cache.ts); its expiry is checked on
 * every use.
 */
export async function verifyAccessToken(
  secrets: Secrets,
  settings: TokenSettings,
  token: string,
): Promise<AccessClaims> {
  const scope = `${settings.issuer}\n${settings.audience}`;
  const known = cachedToken(secrets.jwt.publicKey, scope, token);
  if (known) {
    // jose's rule: expired once the clock reaches `exp` (no tolerance is configured).
    if (known.expiresAt <= Math.floor(Date.now() / 1000)) {
      forgetToken(secrets.jwt.publicKey, scope, token);
      throw new InvalidTokenError('expired');
    }
    return { userId: known.userId, orgId: known.orgId };
  }
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        if (header.kid !== secrets.jwt.kid) throw new InvalidTokenError('invalid');
        return secrets.jwt.publicKey;
      },
      {
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['exp', 'iat', 'sub', 'org', 'jti'],
      },
    );
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string')
      throw new InvalidTokenError('invalid');
    rememberToken(secrets.jwt.publicKey, scope, token, {
      userId: payload.sub,
      orgId: payload.org,
      expiresAt: payload.exp as number, // required above
    });
    return { userId: payload.sub, orgId: payload.org };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('expired');
    throw new InvalidTokenError('invalid');
  }
}
