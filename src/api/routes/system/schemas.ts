import { z } from '@hono/zod-openapi';

export const PingRunSchema = z
  .object({
    id: z
      .string()
      .openapi({ description: 'Also the Temporal workflow id', example: 'png_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' }),
    run_id: z.string(),
    status: z.string().openapi({ example: 'completed' }),
    result: z
      .object({
        message: z.string(),
        answered_by: z.string(),
        answered_at: z.string(),
        workflow_id: z.string(),
      })
      .nullable(),
  })
  .openapi('PingRun');
