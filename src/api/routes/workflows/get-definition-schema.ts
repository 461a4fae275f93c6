import { z } from '@hono/zod-openapi';
import { getDefinitionJsonSchema } from '../../../services/workflows/definition-json-schema.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const route = defineRoute('workflows:read', {
  method: 'get',
  path: '/api/v1/schemas/workflow-definition',
  operationId: 'getWorkflowDefinitionSchema',
  tags: ['Workflows'],
  summary: 'JSON Schema of workflow definitions',
  description:
    "JSON Schema (draft 2020-12) generated from the validator's own schemas: each step is oneOf its types, with that type's config schema. Expressions and cross-step rules (unique ids, goto targets) are checked only by the API.",
  problems: [],
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()).openapi('JsonSchema'), 'The JSON Schema'),
  },
});

export function registerGetDefinitionSchemaRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getDefinitionJsonSchema(serviceContext(c)), 200));
}
