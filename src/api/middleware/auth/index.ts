import type { Context, MiddlewareHandler } from 'hono';
import { unauthorized } from '../../../lib/errors.js';
import type { Permission } from '../../../services/access/catalogue.js';
import { InvalidTokenError, verifyAccessToken } from '../../../services/auth/access-tokens.js';
import { loadPrincipal } from '../../../services/auth/load-principal.js';
import { requirePermission, type ServiceContext } from '../../../services/context.js';
import { userContextOf } from '../../context.js';
import type { AppEnv } from '../../env.js';

/** Verifies the bearer access token and loads the caller's live permissions into `c.var.principal`. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorized();
  const platform = c.get('platform');
  let claims: { userId: string; orgId: string };
  try {
    claims = await verifyAccessToken(platform.secrets, platform.config.auth.tokens, match[1]);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message);
    throw error;
  }
  const principal = await loadPrincipal(platform.db, claims);
  if (!principal) throw unauthorized('Account is disabled or no longer exists');
  c.set('principal', principal);
  c.set('logger', c.get('logger').child({ user_id: principal.userId, org_id: principal.orgId }));
  await next();
};

export function requirePermissionMiddleware(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requirePermission(serviceContext(c), permission);
    await next();
  };
}

/** The service context for the authenticated user of this request (see api/context.ts). */
export const serviceContext = (c: Context<AppEnv>): ServiceContext => userContextOf(c);
