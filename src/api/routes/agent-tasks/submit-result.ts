import { z } from '@hono/zod-openapi';
import { submitAgentTaskResult } from '../../../services/agent-tasks/submit-agent-task-result.js';
import type { App } from '../../env.js';
import { robotContext } from '../../middleware/robot-auth/index.js';
import { errorResponses, idParam, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute, ROBOT } from '../../route.js';
import { TASK_ID_EXAMPLE } from './schemas.js';

const Success = z.strictObject({
  status: z.literal('success'),
  output: z.unknown().optional().openapi({ description: "The agent step's output" }),
});
const Failure = z.strictObject({
  status: z.literal('failure'),
  error: z.strictObject({
    code: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/)
      .openapi({
        description: 'The step error code (usable in non_retryable_error_codes)',
        example: 'PORTAL_DOWN',
      }),
    message: z.string().min(1).max(10_000),
  }),
  retryable: z
    .boolean()
    .optional()
    .openapi({ description: "May the step's retry policy try again (a new task)? Default false" }),
});
const Body = z.discriminatedUnion('status', [Success, Failure]).openapi('AgentTaskResult');

const route = defineRoute(ROBOT, {
  method: 'post',
  path: '/api/v1/agent-tasks/{execution_id}/result',
  operationId: 'submitAgentTaskResult',
  tags: ['Agent Tasks'],
  summary: 'A robot reports how its task ended',
  description:
    'Robot token only. The path parameter is the TASK id from the claim (the RPA reference calls it execution_id). Success completes the agent step with `output`; failure fails it with `error.code`, retried by the step policy when `retryable`. 409 when the robot does not hold the task or its attempt has ended (timed out, retried, cancelled): the result is then not used.',
  'x-resource': 'agent_task',
  request: { params: idParam('execution_id', TASK_ID_EXAMPLE), body: jsonBody(Body) },
  problems: ['attempt_ended', 'not_found', 'robot_only', 'task_not_held', 'temporal_unavailable'],
  responses: {
    200: jsonResponse(
      z.object({ id: z.string(), status: z.enum(['completed', 'failed']) }),
      'Recorded, and handed to the run',
    ),
    ...errorResponses(400, 404, 409, 413, 415, 503),
  },
});

export function registerSubmitResultRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(
      await submitAgentTaskResult(robotContext(c), c.req.valid('param').execution_id, c.req.valid('json')),
      200,
    ),
  );
}
