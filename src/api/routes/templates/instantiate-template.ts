import { z } from '@hono/zod-openapi';
import { instantiateTemplate } from '../../../services/templates/instantiate-template.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { WorkflowName, WorkflowSchema } from '../workflows/schemas.js';
import { TemplateIdParam } from './schemas.js';

const Body = z
  .strictObject({ name: WorkflowName.optional().openapi({ description: "Default: the template's name" }) })
  .openapi('InstantiateTemplateRequest');

const route = defineRoute('workflows:write', {
  method: 'post',
  path: '/api/v1/templates/{id}/instantiate',
  operationId: 'instantiateTemplate',
  tags: ['Templates'],
  summary: 'Create a draft workflow from a template',
  description: 'The draft is yours to edit and publish; its audit entry names the template.',
  'x-resource': 'global',
  request: {
    params: TemplateIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['invalid_definition', 'not_found'],
  responses: {
    201: jsonResponse(WorkflowSchema, 'The new draft'),
    ...errorResponses(400, 404, 415),
  },
});

export function registerInstantiateTemplateRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json') as z.infer<typeof Body>;
    const workflow = await instantiateTemplate(serviceContext(c), c.req.valid('param').id, {
      name: body.name,
    });
    c.header('Location', `/api/v1/workflows/${workflow.id}`);
    return c.json(workflow, 201);
  });
}
