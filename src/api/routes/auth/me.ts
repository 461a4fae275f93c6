import { z } from '@hono/zod-openapi';
import { getCurrentUser } from '../../../services/auth/get-current-user.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const CurrentUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    created_at: z.string(),
    last_login_at: z.string().nullable(),
    organization: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    roles: z.array(z.object({ id: z.string(), name: z.string() })),
    permissions: z.array(z.string()),
  })
  .openapi('CurrentUser');

const route = defineRoute('profile:read', {
  method: 'get',
  path: '/api/v1/auth/me',
  operationId: 'getCurrentUser',
  tags: ['Authentication'],
  summary: 'The logged-in user, their organization, roles and permissions',
  problems: [],
  responses: { 200: jsonResponse(CurrentUser, 'Current user') },
});

export function registerMeRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getCurrentUser(serviceContext(c)), 200));
}
