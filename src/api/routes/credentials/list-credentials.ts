import { z } from '@hono/zod-openapi';
import { CREDENTIAL_TYPES } from '../../../db/schema/index.js';
import { listCredentials } from '../../../services/credentials/list-credentials.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { CredentialSchema } from './schemas.js';

const Query = PaginationQuery.extend({
  type: z.enum(CREDENTIAL_TYPES).optional(),
  search: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Part of the name, any case', example: 'stripe' }),
});

const route = defineRoute('credentials:read', {
  method: 'get',
  path: '/api/v1/credentials',
  operationId: 'listCredentials',
  tags: ['Credentials'],
  summary: 'List credentials, newest first (never their values)',
  description: "Connected apps' token credentials (`oauth2_tokens`) are listed too.",
  request: { query: Query },
  problems: [],
  responses: {
    200: jsonResponse(paginated(CredentialSchema), 'A page of credentials'),
    ...errorResponses(400),
  },
});

export function registerListCredentialsRoute(app: App) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listCredentials(serviceContext(c), {
      ...toPageQuery(query),
      type: query.type,
      search: query.search,
    });
    return c.json(page, 200);
  });
}
