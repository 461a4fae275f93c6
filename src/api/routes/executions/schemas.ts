import { z } from '@hono/zod-openapi';
import {
  EXECUTION_STATUSES,
  EXECUTION_TRIGGERS,
  LOG_LEVELS,
  STEP_STATUSES,
} from '../../../db/schema/index.js';
import type { ExecutionFilters } from '../../../services/executions/execution-filters.js';
import { idParam } from '../../openapi.js';
import { CursorPaginationQuery } from '../../schemas/pagination.js';

export const EXECUTION_ID_EXAMPLE = 'exe_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const ExecutionIdParam = idParam('id', EXECUTION_ID_EXAMPLE);

const ErrorSchema = z.object({ code: z.string(), message: z.string() });

export const ExecutionSchema = z
  .object({
    id: z.string().openapi({ description: 'Also the Temporal workflow id', example: EXECUTION_ID_EXAMPLE }),
    workflow_id: z.string(),
    workflow_version: z.number().int(),
    status: z.enum(EXECUTION_STATUSES),
    trigger: z.enum(EXECUTION_TRIGGERS),
    input: z.record(z.string(), z.unknown()),
    output: z.unknown().openapi({ description: 'The run result once completed, else null' }),
    error: ErrorSchema.extend({ step_id: z.string().nullable().optional() }).nullable(),
    retry_of: z.string().nullable().openapi({ description: 'The execution this one retries' }),
    started_by: z.string().nullable(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    temporal: z.object({ namespace: z.string(), workflow_id: z.string(), run_id: z.string().nullable() }),
  })
  .openapi('Execution');

export const ExecutionStepSchema = z
  .object({
    path: z.string().openapi({
      description: 'The step id, prefixed by enclosing loops and branches',
      example: 'loop[2].call',
    }),
    step_id: z.string(),
    type: z.string(),
    status: z.enum(STEP_STATUSES),
    attempts: z.number().int(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    output: z.unknown(),
    error: ErrorSchema.nullable(),
  })
  .openapi('ExecutionStep');

export const ExecutionDetailSchema = ExecutionSchema.extend({
  steps: z.array(ExecutionStepSchema).openapi({ description: 'In the order they first ran' }),
}).openapi('ExecutionDetail');

export const LogEntrySchema = z
  .object({
    id: z.number().int().openapi({ description: 'Increasing: pass the last one as `after` to tail' }),
    at: z.string(),
    level: z.enum(LOG_LEVELS),
    step_id: z.string().nullable(),
    message: z.string(),
    data: z.unknown(),
  })
  .openapi('ExecutionLogEntry');

/** "running" or "failed,cancelled": one value or a comma-separated list of them. */
function oneOrMore<const T extends readonly [string, ...string[]]>(values: T, example: string) {
  return z
    .string()
    .transform((raw, ctx) => {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const unknown = items.filter((item) => !values.includes(item));
      if (items.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `expected one or more of ${values.join(', ')}` });
        return z.NEVER;
      }
      return items as T[number][];
    })
    .optional()
    .openapi({ description: `One of, or a comma-separated list of: ${values.join(', ')}`, example });
}

const dateTime = (description: string) =>
  z.iso.datetime({ offset: true }).optional().openapi({ description, example: '2026-01-01T00:00:00Z' });

export const ExecutionFilterQuery = z.object({
  status: oneOrMore(EXECUTION_STATUSES, 'failed,cancelled'),
  workflow_id: z.string().min(1).max(200).optional(),
  trigger: oneOrMore(EXECUTION_TRIGGERS, 'manual'),
  started_after: dateTime('Runs started at or after this instant (ISO 8601 with offset)'),
  started_before: dateTime('Runs started before this instant (ISO 8601 with offset)'),
});

export const ExecutionListQuery = ExecutionFilterQuery.extend(CursorPaginationQuery.shape);

export function toFilters(query: z.infer<typeof ExecutionFilterQuery>): ExecutionFilters {
  return {
    status: query.status,
    workflowId: query.workflow_id,
    trigger: query.trigger,
    startedAfter: query.started_after ? new Date(query.started_after) : undefined,
    startedBefore: query.started_before ? new Date(query.started_before) : undefined,
  };
}
