import { z } from '@hono/zod-openapi';
import { login } from '../../../services/auth/login.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';
import { EmailSchema, TokenPairSchema } from './schemas.js';

const LoginBody = z
  .strictObject({
    email: EmailSchema,
    // Not the registration rules: an old account may predate them, and the answer must not hint.
    password: z.string().min(1).max(256).openapi({ example: 'correct horse battery staple' }),
  })
  .openapi('LoginRequest');

const route = defineRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/auth/login',
  operationId: 'login',
  tags: ['Authentication'],
  summary: 'Log in with email and password',
  description:
    'Returns a short-lived access token and a refresh token. Unknown email and wrong password get the same 401; attempts are rate-limited.',
  request: { body: jsonBody(LoginBody) },
  problems: ['invalid_credentials', 'rate_limited'],
  responses: {
    200: jsonResponse(TokenPairSchema, 'Logged in'),
    ...errorResponses(400, 401, 415, 429),
  },
});

export function registerLoginRoute(app: App) {
  app.openapi(route, async (c) => {
    const tokens = await login(publicContext(c), c.req.valid('json'));
    return c.json(tokens, 200);
  });
}
