import { z } from '@hono/zod-openapi';
import { refreshSession } from '../../../services/auth/refresh-session.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';
import { TokenPairSchema } from './schemas.js';

const RefreshBody = z
  .strictObject({ refresh_token: z.string().min(1).max(512).openapi({ example: 'crt_…' }) })
  .openapi('RefreshRequest');

const route = defineRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/auth/refresh',
  operationId: 'refreshToken',
  tags: ['Authentication'],
  summary: 'Exchange a refresh token for a new token pair',
  description:
    'Refresh tokens rotate on every use. Presenting one that was already used revokes every session of that login (401 `refresh_token_reused`).',
  request: { body: jsonBody(RefreshBody) },
  problems: ['invalid_refresh_token', 'refresh_token_reused'],
  responses: {
    200: jsonResponse(TokenPairSchema, 'New token pair'),
    ...errorResponses(400, 401, 415),
  },
});

export function registerRefreshRoute(app: App) {
  app.openapi(route, async (c) => {
    const tokens = await refreshSession(publicContext(c), c.req.valid('json').refresh_token);
    return c.json(tokens, 200);
  });
}
