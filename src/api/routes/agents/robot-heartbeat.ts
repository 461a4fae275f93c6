import { z } from '@hono/zod-openapi';
import { recordRobotHeartbeat } from '../../../services/agents/record-robot-heartbeat.js';
import type { App } from '../../env.js';
import { robotContext } from '../../middleware/robot-auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute, ROBOT } from '../../route.js';
import { AgentIdParam } from './schemas.js';

const Body = z
  .strictObject({
    status: z
      .string()
      .max(50)
      .optional()
      .openapi({ description: "The robot's own word for its state", example: 'busy' }),
    version: z.string().max(100).optional().openapi({ example: '0.1.0' }),
    host: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({
        description: 'Facts about its machine',
        example: { hostname: 'rpa-01', platform: 'linux' },
      }),
    current_load: z.number().int().min(0).max(10_000).optional().openapi({ example: 1 }),
    task_ids: z.array(z.string().min(1).max(200)).max(1000).optional().openapi({
      description:
        'Tasks in hand, each heartbeated in Temporal. A held task missing here for more than 15 s is handed back as a retryable failure. Left out: all tasks it holds.',
    }),
  })
  .openapi('RobotHeartbeatRequest');

const Answer = z
  .object({
    agent_id: z.string(),
    status: z.literal('online'),
    cancel_task_ids: z.array(z.string()).openapi({
      description: 'Stop these now: their run was cancelled, their attempt ended, or they are not yours',
    }),
    heartbeat_interval_seconds: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Heartbeat at least this often for the tasks in hand' }),
    server_time: z.string(),
  })
  .openapi('RobotHeartbeatAnswer');

const route = defineRoute(ROBOT, {
  method: 'post',
  path: '/api/v1/agents/{id}/heartbeat',
  operationId: 'robotHeartbeat',
  tags: ['Agents'],
  summary: 'A robot reports that it is alive, and on which tasks it works',
  description: 'Robot token only, for its own id (403 for another robot of the organization).',
  'x-resource': 'agent',
  request: {
    params: AgentIdParam,
    body: { required: false, content: { 'application/json': { schema: Body } } },
  },
  problems: ['not_found', 'not_this_robot', 'robot_only', 'temporal_unavailable'],
  responses: { 200: jsonResponse(Answer, 'Recorded'), ...errorResponses(400, 404, 413, 415, 503) },
});

export function registerRobotHeartbeatRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = (c.req.valid('json') ?? {}) as z.infer<typeof Body>;
    const answer = await recordRobotHeartbeat(robotContext(c), c.req.valid('param').id, body);
    return c.json(answer, 200);
  });
}
