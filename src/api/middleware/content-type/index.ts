import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../../lib/errors.js';
import type { AppEnv } from '../../env.js';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json(\s*;.*)?$/i;

/** Bodies are JSON everywhere; anything else is refused up front with 415 rather than misread. */
export const requireJsonBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const length = c.req.header('content-length');
    const hasBody =
      (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    const type = c.req.header('content-type');
    if (hasBody && !(type && JSON_TYPE.test(type))) {
      throw new ApiError('unsupported_media_type', 'Request bodies must be application/json');
    }
  }
  await next();
};
