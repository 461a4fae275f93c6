import { z } from '@hono/zod-openapi';
import { listTemplates } from '../../../services/templates/list-templates.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { PaginationQuery, paginated, toPageQuery } from '../../schemas/pagination.js';
import { TemplateSchema } from './schemas.js';

const route = defineRoute('templates:read', {
  method: 'get',
  path: '/api/v1/templates',
  operationId: 'listTemplates',
  tags: ['Templates'],
  summary: 'Browse the built-in workflow templates',
  request: {
    query: PaginationQuery.extend({
      category: z.string().min(1).max(50).optional(),
      q: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .openapi({ description: 'Name, description or tag contains (case-insensitive)' }),
    }),
  },
  problems: [],
  responses: { 200: jsonResponse(paginated(TemplateSchema), 'A page of templates'), ...errorResponses(400) },
});

export function registerListTemplatesRoute(app: App) {
  app.openapi(route, (c) =>
    c.json(
      listTemplates(serviceContext(c), {
        ...toPageQuery(c.req.valid('query')),
        category: c.req.valid('query').category,
        q: c.req.valid('query').q,
      }),
      200,
    ),
  );
}
