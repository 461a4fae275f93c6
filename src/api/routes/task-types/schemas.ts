import { z } from '@hono/zod-openapi';

export const TaskTypeSchema = z
  .object({
    type: z.string().openapi({ example: 'http' }),
    description: z.string(),
    runs_in: z.enum(['workflow', 'activity', 'child_workflow', 'timer', 'human', 'robot']).openapi({
      description:
        'Where it runs in Temporal: inside the workflow (no I/O), as an activity (I/O, retried), as a durable timer, or as a child workflow',
    }),
    config_schema: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'JSON Schema (draft 2020-12) of the step config' }),
  })
  .openapi('TaskType');
