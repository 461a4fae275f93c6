import { z } from '@hono/zod-openapi';
import { claimAgentTask, MAX_WAIT_SECONDS } from '../../../services/agent-tasks/claim-agent-task.js';
import type { App } from '../../env.js';
import { robotContext } from '../../middleware/robot-auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute, ROBOT } from '../../route.js';
import { ClaimedTaskSchema } from './schemas.js';

const Body = z
  .strictObject({
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .openapi({
        description: `Long-poll up to this long when nothing is pending (default 0, at most ${MAX_WAIT_SECONDS})`,
      }),
    task_types: z
      .array(z.string().min(1).max(200))
      .max(100)
      .optional()
      .openapi({
        description: 'Only these task types (the handlers the robot has)',
        example: ['http.request'],
      }),
  })
  .openapi('ClaimAgentTaskRequest');

const route = defineRoute(ROBOT, {
  method: 'post',
  path: '/api/v1/agent-tasks/claim',
  operationId: 'claimAgentTask',
  tags: ['Agent Tasks'],
  summary: 'A robot takes the oldest pending task it may do',
  description:
    "Robot token only. The task's required labels and capabilities must all be the robot's, and the robot must hold fewer tasks than its max_concurrency. Concurrent claims never get the same task. `task` is null when nothing came within `wait_seconds`.",
  request: { body: { required: false, content: { 'application/json': { schema: Body } } } },
  problems: ['robot_only', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(
      z.object({
        agent_id: z.string().openapi({ description: 'The robot the token belongs to (for its heartbeats)' }),
        task: ClaimedTaskSchema.nullable(),
      }),
      'The task, or null',
    ),
    ...errorResponses(400, 413, 415, 503),
  },
});

export function registerClaimTaskRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    const ctx = robotContext(c);
    const task = await claimAgentTask(
      ctx,
      { waitSeconds: body.wait_seconds ?? 0, taskTypes: body.task_types },
      c.req.raw.signal,
    );
    return c.json({ agent_id: ctx.robot.id, task }, 200);
  });
}
