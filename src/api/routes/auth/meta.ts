import type { Context } from 'hono';
import type { RequestMeta } from '../../../services/auth/auth-deps.js';
import type { AppEnv } from '../../env.js';
import { clientIp } from '../../middleware/client-ip.js';

export function requestMeta(c: Context<AppEnv>): RequestMeta {
  return {
    requestId: c.get('requestId'),
    clientRequestId: c.get('clientRequestId'),
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
  };
}
