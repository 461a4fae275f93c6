import { z } from '@hono/zod-openapi';
import { idParam } from '../../openapi.js';

export const WorkflowIdParam = idParam('id', 'wf_01JD3Y6S2W8Q9R7T5V4X3Z2A1B');

export const VariablesSchema = z
  .object({
    workflow_id: z.string(),
    draft_revision: z.number().int(),
    variables: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .openapi({ example: { customer: { type: 'string', description: 'Customer id' } } }),
    mappings: z.record(z.string(), z.string()).openapi({ example: { customer: 'payload.customer.id' } }),
  })
  .openapi('WorkflowVariables');
