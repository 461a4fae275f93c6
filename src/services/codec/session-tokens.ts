// The two tokens of the Web UI's codec session. The dev server's Web UI has no login, so it can
// send the codec endpoints no access token; a signed-in user instead opens a short-lived link that
// sets a cookie only the codec endpoints receive. Both are JWTs of our signing key, each with an
// audience and type of its own, so neither passes as an access token, nor as the other.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Secrets } from '../../secrets.js';

export const CODEC_TICKET_TTL_SECONDS = 60;
export const CODEC_SESSION_TTL_SECONDS = 8 * 60 * 60;
export const CODEC_COOKIE = 'conveyor_codec_session';
export const CODEC_COOKIE_PATH = '/api/v1/codec';

const ALGORITHM = 'ES256';
const KINDS = {
  ticket: { audience: 'conveyor-codec-ticket', typ: 'codec-ticket+jwt', ttl: CODEC_TICKET_TTL_SECONDS },
  session: { audience: 'conveyor-codec-session', typ: 'codec-session+jwt', ttl: CODEC_SESSION_TTL_SECONDS },
} as const;
export type CodecTokenKind = keyof typeof KINDS;

export interface CodecClaims {
  userId: string;
  orgId: string;
}

export async function issueCodecToken(
  secrets: Secrets,
  issuer: string,
  kind: CodecTokenKind,
  claims: CodecClaims,
): Promise<{ token: string; expiresAt: Date }> {
  const { audience, typ, ttl } = KINDS[kind];
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttl) * 1000);
  const token = await new SignJWT({ org: claims.orgId })
    .setProtectedHeader({ alg: ALGORITHM, kid: secrets.jwt.kid, typ })
    .setSubject(claims.userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .setJti(randomUUID())
    .sign(secrets.jwt.privateKey);
  return { token, expiresAt };
}

/** The claims of a valid token of this kind, or null (expired, forged, another kind, malformed). */
export async function verifyCodecToken(
  secrets: Secrets,
  issuer: string,
  kind: CodecTokenKind,
  token: string,
): Promise<CodecClaims | null> {
  const { audience, typ } = KINDS[kind];
  try {
    const { payload } = await jwtVerify(token, secrets.jwt.publicKey, {
      algorithms: [ALGORITHM],
      issuer,
      audience,
      typ,
      requiredClaims: ['sub', 'exp', 'org'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string') return null;
    return { userId: payload.sub, orgId: payload.org };
  } catch {
    return null;
  }
}
