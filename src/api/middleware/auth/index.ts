import type { Context, MiddlewareHandler } from 'hono';
import { unauthorized } from '../../../lib/errors.js';
import type { Permission } from '../../../services/access/catalogue.js';
import { InvalidTokenError, verifyAccessToken } from '../../../services/auth/access-tokens.js';
import { loadPrincipal, type Principal } from '../../../services/auth/load-principal.js';
import { requirePermission, type ServiceContext } from '../../../services/context.js';
import { tenantLimits } from '../../../services/tenant-limits.js';
import { authDeps } from '../../deps.js';
import type { AppEnv } from '../../env.js';
import { clientIp } from '../client-ip.js';

/** Verifies the bearer access token and loads the caller's live permissions into `c.var.principal`. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorized();
  const deps = c.get('deps');
  let claims: { userId: string; orgId: string };
  try {
    claims = await verifyAccessToken(deps.secrets, authDeps(deps).tokens, match[1]);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message);
    throw error;
  }
  const principal = await loadPrincipal(deps.database.db, claims);
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

/** The service context for the authenticated caller of this request. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const principal: Principal | undefined = c.get('principal');
  if (!principal) throw unauthorized();
  return {
    db: c.get('deps').database.db,
    temporal: c.get('deps').temporal,
    orgId: principal.orgId,
    actor: { type: 'user', id: principal.userId },
    permissions: principal.permissions,
    requestId: c.get('requestId'),
    clientRequestId: c.get('clientRequestId'),
    ip: clientIp(c),
    limits: tenantLimits(c.get('deps').config),
  };
}
