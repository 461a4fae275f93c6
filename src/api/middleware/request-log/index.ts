import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env.js';

/** One structured line per request, tagged with the request id; never headers or bodies. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  const status = c.res.status;
  const entry = {
    method: c.req.method,
    path: c.req.path,
    status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
  };
  const logger = c.get('logger');
  if (status >= 500) logger.error(entry, 'request failed');
  else logger.info(entry, 'request');
};
