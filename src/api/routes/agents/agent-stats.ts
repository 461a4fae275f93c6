import { z } from '@hono/zod-openapi';
import { agentStats } from '../../../services/agents/agent-stats.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Count = z.number().int();
const StatsSchema = z
  .object({
    total: Count,
    by_kind: z.object({ robot: Count, ai: Count }),
    by_status: z.object({ online: Count, offline: Count }),
    online_now: Count,
    tasks: z.object({
      pending: Count,
      claimed: Count,
      completed: Count,
      failed: Count,
      cancelled: Count,
      timed_out: Count,
    }),
    tasks_done: Count,
    tasks_failed: Count,
    mean_task_seconds: z
      .number()
      .nullable()
      .openapi({ description: 'Claim to result, over completed tasks; null before the first' }),
  })
  .openapi('AgentStats');

const route = defineRoute('agents:read', {
  method: 'get',
  path: '/api/v1/agents/stats',
  operationId: 'getAgentStats',
  tags: ['Agents'],
  summary: 'Agent statistics',
  problems: [],
  responses: { 200: jsonResponse(StatsSchema, 'Agents by kind and presence; agent tasks by outcome') },
});

export function registerAgentStatsRoute(app: App) {
  app.openapi(route, async (c) => c.json(await agentStats(serviceContext(c)), 200));
}
