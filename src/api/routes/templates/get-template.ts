import { getTemplate } from '../../../services/templates/list-templates.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { TemplateIdParam, TemplateSchema } from './schemas.js';

const route = defineRoute('templates:read', {
  method: 'get',
  path: '/api/v1/templates/{id}',
  operationId: 'getTemplate',
  tags: ['Templates'],
  summary: 'A template and its definition',
  'x-resource': 'global',
  request: { params: TemplateIdParam },
  problems: ['not_found'],
  responses: { 200: jsonResponse(TemplateSchema, 'The template'), ...errorResponses(404) },
});

export function registerGetTemplateRoute(app: App) {
  app.openapi(route, (c) => c.json(getTemplate(serviceContext(c), c.req.valid('param').id), 200));
}
