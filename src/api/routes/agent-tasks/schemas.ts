import { z } from '@hono/zod-openapi';
import { AGENT_TASK_STATUSES } from '../../../db/schema/index.js';
import { CursorPaginationQuery, cursorPaginated } from '../../schemas/pagination.js';

export const TASK_ID_EXAMPLE = 'tsk_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';

export const AgentTaskSchema = z
  .object({
    id: z.string().openapi({ example: TASK_ID_EXAMPLE }),
    execution_id: z.string(),
    step_path: z
      .string()
      .openapi({ description: 'The `agent` step that asked for it', example: 'fetch_invoice' }),
    attempt: z.number().int().openapi({ description: 'The step attempt: a retry queues a new task' }),
    task_type: z.string(),
    payload: z.unknown(),
    required_labels: z.array(z.string()),
    required_capabilities: z.array(z.string()),
    status: z.enum(AGENT_TASK_STATUSES),
    agent_id: z.string().nullable().openapi({ description: 'The robot that claimed it' }),
    cancel_requested: z.boolean(),
    result: z.unknown(),
    error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }).nullable(),
    claimed_at: z.string().nullable(),
    last_heartbeat_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('AgentTask');

export const TaskListQuery = CursorPaginationQuery;

export const TaskPageSchema = cursorPaginated(AgentTaskSchema);

/** What a robot gets from a claim: the work, never the Temporal task token. */
export const ClaimedTaskSchema = z
  .object({
    id: z.string().openapi({ description: 'Report the result with this id', example: TASK_ID_EXAMPLE }),
    task_type: z.string().openapi({ example: 'http.request' }),
    payload: z.unknown(),
    attempt: z.number().int(),
    execution_id: z.string(),
    timeout_at: z
      .string()
      .nullable()
      .openapi({ description: 'When the attempt times out, whatever happens' }),
    heartbeat_interval_seconds: z.number().int().nullable().openapi({
      description: 'Heartbeat (POST /agents/{id}/heartbeat with this task id) at least this often',
    }),
  })
  .openapi('ClaimedAgentTask');
