import { z } from '@hono/zod-openapi';
import { registerUser } from '../../../services/auth/register-user.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';
import { EmailSchema, PasswordSchema, TokenPairSchema } from './schemas.js';

const RegisterBody = z
  .strictObject({
    email: EmailSchema,
    password: PasswordSchema,
    name: z.string().trim().min(1).max(200).openapi({ example: 'Ada Lovelace' }),
    organization_name: z.string().trim().min(1).max(200).openapi({ example: 'Analytical Engines Ltd' }),
  })
  .openapi('RegisterRequest');

const Registered = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  })
  .extend(TokenPairSchema.shape)
  .openapi('Registered');

const route = defineRoute(PUBLIC, {
  method: 'post',
  path: '/api/v1/auth/register',
  operationId: 'registerUser',
  tags: ['Authentication'],
  summary: 'Register a user and a new organization',
  description:
    'Creates an organization and its first user, who becomes its owner, and returns a login. Registrations are rate-limited per client address.',
  request: { body: jsonBody(RegisterBody) },
  problems: ['email_taken', 'rate_limited'],
  responses: {
    201: jsonResponse(Registered, 'Registered and logged in'),
    ...errorResponses(400, 409, 413, 415, 429),
  },
});

export function registerRegisterRoute(app: App) {
  app.openapi(route, async (c) => {
    const result = await registerUser(publicContext(c), c.req.valid('json'));
    return c.json({ user: result.user, organization: result.organization, ...result.tokens }, 201);
  });
}
