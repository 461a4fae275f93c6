import { z } from '@hono/zod-openapi';
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS } from '../../../db/schema/index.js';

export const WORKFLOW_ID_EXAMPLE = 'wf_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';

export const WorkflowName = z.string().trim().min(1).max(200).openapi({ example: 'Nightly invoice sync' });
export const WorkflowDescription = z
  .string()
  .max(5000)
  .openapi({ example: 'Copies new invoices to the ERP' });
export const WorkflowTags = z
  .array(z.string().trim().min(1).max(50))
  .max(20)
  .openapi({ example: ['finance', 'nightly'] });
export const DefinitionInput = z.record(z.string(), z.unknown()).openapi({
  description:
    'The workflow definition (see GET /api/v1/schemas/workflow-definition); validated, stored with defaults applied',
  example: {
    variables: { customer: { type: 'string' } },
    steps: [{ id: 'greet', type: 'transform', config: { expression: '"hello " & input.customer' } }],
  },
});

export const WorkflowSchema = z
  .object({
    id: z.string().openapi({ example: WORKFLOW_ID_EXAMPLE }),
    name: z.string(),
    description: z.string(),
    status: z.enum(['draft', 'published', 'archived']),
    definition: z.record(z.string(), z.unknown()),
    draft_revision: z.number().int().openapi({
      description: 'Bumped by every edit; send it back (If-Match or body) to avoid lost updates',
    }),
    published_version: z.number().int().nullable(),
    tags: z.array(z.string()),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Workflow');

export const WorkflowDetailSchema = WorkflowSchema.extend({
  versions: z.array(
    z.object({ version: z.number().int(), published_at: z.string(), published_by: z.string().nullable() }),
  ),
}).openapi('WorkflowDetail');

/** The execution shape of `toExecutionResource`, for the lists and starts served from here. */
export const WorkflowExecutionSchema = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_version: z.number().int(),
  status: z.enum(EXECUTION_STATUSES),
  trigger: z.enum(EXECUTION_TRIGGERS),
  input: z.record(z.string(), z.unknown()),
  output: z.unknown(),
  error: z
    .object({ code: z.string(), message: z.string(), step_id: z.string().nullable().optional() })
    .nullable(),
  retry_of: z.string().nullable(),
  started_by: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  temporal: z.object({ namespace: z.string(), workflow_id: z.string(), run_id: z.string().nullable() }),
});

export const RevisionField = z
  .number()
  .int()
  .min(1)
  .optional()
  .openapi({ description: 'The draft_revision you edited; 409 revision_conflict if the draft moved on' });

export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'The ETag (draft revision) you edited, e.g. "3"', example: '"3"' }),
});
