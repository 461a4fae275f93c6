import { z } from '@hono/zod-openapi';
import { APPROVAL_STATUSES } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const APPROVAL_ID_EXAMPLE = 'apr_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const ApprovalIdParam = idParam('id', APPROVAL_ID_EXAMPLE);

const DecisionSchema = z.object({
  user_id: z.string(),
  decision: z.enum(['approve', 'reject', 'escalate']),
  comment: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
  level: z.number().int(),
  at: z.string(),
});

export const ApprovalSchema = z
  .object({
    id: z.string().openapi({ example: APPROVAL_ID_EXAMPLE }),
    execution_id: z.string(),
    workflow_id: z.string(),
    step_path: z.string().openapi({ description: 'The approval step in the run', example: 'manager_ok' }),
    status: z.enum(APPROVAL_STATUSES).openapi({ description: '`expired`: rejected because time ran out' }),
    message: z.string(),
    level: z.number().int().openapi({ description: 'Escalation level; 0 = the first approvers' }),
    approvers: z
      .object({ users: z.array(z.string()), roles: z.array(z.string()) })
      .openapi({ description: 'Who may decide at the current level: user ids and role names' }),
    required: z.number().int().openapi({ description: 'Approvals needed at the current level (N of M)' }),
    allow_self_approval: z.boolean(),
    requested_by: z.string().nullable().openapi({ description: 'The user who started the run' }),
    form: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'JSON Schema a decision payload must satisfy' }),
    decisions: z.array(DecisionSchema),
    outcome: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "The approval step's output once decided" }),
    expires_at: z.string().nullable().openapi({ description: 'When the current level times out' }),
    decided_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Approval');

export const DecisionBody = z
  .strictObject({
    comment: z.string().max(10_000).optional(),
    payload: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description: "Data for the run; must satisfy the request's form",
        example: { amount: 1200 },
      }),
  })
  .openapi('ApprovalDecisionRequest');

export const DecisionAnswer = ApprovalSchema.extend({
  decision_accepted: z.literal(true),
}).openapi('ApprovalDecisionAccepted');

export const ApprovalListQuery = z.object({
  status: z.enum(APPROVAL_STATUSES).optional(),
  execution_id: z.string().min(1).max(200).optional(),
  workflow_id: z.string().min(1).max(200).optional(),
});
