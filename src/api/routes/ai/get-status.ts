import { z } from '@hono/zod-openapi';
import { getAiStatus } from '../../../services/ai/get-ai-status.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Status = z
  .object({
    configured: z
      .boolean()
      .nullable()
      .openapi({ description: 'Whether calls have a key to use; null until a worker has run the check' }),
    key_source: z.enum(['organization', 'deployment', 'none']).nullable().openapi({
      description:
        'The organization\'s credential "anthropic", the deployment\'s ANTHROPIC_API_KEY, or none (never the key itself)',
    }),
    reachable: z
      .boolean()
      .nullable()
      .openapi({ description: 'Whether the Messages API answered with the key (null: no key)' }),
    latency_ms: z.number().int().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    checked_at: z.string().nullable().openapi({
      description: 'When the check ran (reused for AI_STATUS_CACHE_SECONDS); null while no worker has run it',
    }),
    default_model: z.string(),
    models: z.array(z.string()).openapi({ description: 'The models a call may name' }),
    budget: z.object({
      monthly_tokens: z.number().int(),
      used_tokens: z.number().int(),
      renews_at: z.string(),
    }),
  })
  .openapi('AiStatus');

const route = defineRoute('ai:use', {
  method: 'get',
  path: '/api/v1/ai/status',
  operationId: 'aiStatus',
  tags: ['AI'],
  summary: 'AI connection status',
  description:
    "Which key the organization's calls use and whether the Messages API answers with it, checked by a worker with a call that costs no tokens and cached briefly.",
  problems: ['temporal_unavailable'],
  responses: { 200: jsonResponse(Status, 'The status'), ...errorResponses(503) },
});

export function registerGetStatusRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getAiStatus(serviceContext(c)), 200));
}
