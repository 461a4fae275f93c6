import { z } from '@hono/zod-openapi';
import { listTemplateCategories } from '../../../services/templates/list-templates.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Categories = z
  .object({
    items: z.array(
      z.object({ name: z.string().openapi({ example: 'monitoring' }), count: z.number().int() }),
    ),
  })
  .openapi('TemplateCategories');

const route = defineRoute('templates:read', {
  method: 'get',
  path: '/api/v1/templates/categories',
  operationId: 'listTemplateCategories',
  tags: ['Templates'],
  summary: 'Template categories and how many templates each holds',
  problems: [],
  responses: { 200: jsonResponse(Categories, 'Categories by name') },
});

export function registerListCategoriesRoute(app: App) {
  app.openapi(route, (c) => c.json(listTemplateCategories(serviceContext(c)), 200));
}
