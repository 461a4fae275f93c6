import type { MiddlewareHandler } from 'hono';
import { decodeJwt } from 'jose';
import { ApiError, unauthorized } from '../../lib/errors.js';
import { InvalidTokenError, verifyAccessToken } from '../../services/auth/access-tokens.js';
import { loadPrincipal, type Principal } from '../../services/auth/load-principal.js';
import type { Platform } from '../../services/context.js';
import type { AppEnv } from '../env.js';

/** The permission a socket needs: every event it carries is about executions. */
export const SOCKET_PERMISSION = 'executions:read';

export interface SocketPrincipal {
  principal: Principal;
  /** When the access token expires (ms since the epoch): the socket is closed then. */
  expiresAt: number;
}

/**
 * The access token of a socket request: `?token=` (browsers cannot set headers on a WebSocket)
 * or, for other clients, the usual bearer header.
 */
export function socketToken(url: URL, authorization: string | undefined): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  return authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** Verifies the token and loads the caller's live permissions, as the HTTP auth middleware does. */
export async function authenticateSocket(
  platform: Platform,
  token: string | undefined,
): Promise<SocketPrincipal> {
  if (!token) throw unauthorized();
  let claims: { userId: string; orgId: string };
  try {
    claims = await verifyAccessToken(platform.secrets, platform.config.auth.tokens, token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message);
    throw error;
  }
  const principal = await loadPrincipal(platform.db, claims);
  if (!principal) throw unauthorized('Account is disabled or no longer exists');
  if (!principal.permissions.has(SOCKET_PERMISSION)) {
    throw new ApiError('forbidden', `Missing permission ${SOCKET_PERMISSION}`, {
      details: { permission: SOCKET_PERMISSION },
    });
  }
  // Verified above, so its `exp` (required by verifyAccessToken) can be read as is.
  const { exp } = decodeJwt(token);
  return { principal, expiresAt: (exp ?? 0) * 1000 };
}

/** The documented `GET /ws` route's auth: the same token sources as the upgrade itself. */
export const authenticateSocketRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = socketToken(new URL(c.req.url), c.req.header('authorization'));
  const { principal } = await authenticateSocket(c.get('platform'), token);
  c.set('principal', principal);
  await next();
};
