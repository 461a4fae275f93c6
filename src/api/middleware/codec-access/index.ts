// What stands in front of the codec endpoints: who may call them from a browser (the Temporal Web
// UI's origins, with credentials), and how a caller proves who they are (an access token, or the
// codec session cookie the dev server's login-less UI carries).
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError, unauthorized } from '../../../lib/errors.js';
import { loadPrincipal } from '../../../services/auth/load-principal.js';
import { CODEC_COOKIE, verifyCodecToken } from '../../../services/codec/session-tokens.js';
import type { AppEnv } from '../../env.js';
import { authenticate } from '../auth/index.js';

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

/**
 * CORS for the Web UI's origins only, credentials included; a request from any other origin is
 * refused before it reaches a route, preflight or not, so another site's page can never use the
 * cookie. A request without Origin (the CLI, curl) is not a browser's cross-origin call and passes.
 */
export const codecCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  if (origin === undefined) return next();
  if (!c.get('platform').config.codec.uiOrigins.includes(origin)) {
    throw new ApiError('origin_not_allowed', `Origin ${origin} may not call the codec endpoints`);
  }
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Allow-Credentials', 'true');
  c.header('Vary', 'Origin', { append: true });
  if (c.req.method === 'OPTIONS') {
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  }
  await next();
};

/** An `Authorization: Bearer` access token if one is sent, else the codec session cookie. */
export const authenticateCodec: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header('authorization') !== undefined) return authenticate(c, next);
  const cookie = getCookie(c, CODEC_COOKIE);
  if (!cookie) throw unauthorized();
  const platform = c.get('platform');
  const claims = await verifyCodecToken(
    platform.secrets,
    platform.config.auth.tokens.issuer,
    'session',
    cookie,
  );
  if (!claims) throw unauthorized('Codec session expired or invalid: open a new session link');
  const principal = await loadPrincipal(platform.db, claims);
  if (!principal) throw unauthorized('Account is disabled or no longer exists');
  c.set('principal', principal);
  c.set('logger', c.get('logger').child({ user_id: principal.userId, org_id: principal.orgId }));
  await next();
};
