import { z } from '@hono/zod-openapi';
import { getAiUsage } from '../../../services/ai/get-ai-usage.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const Day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day, YYYY-MM-DD')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'a calendar day',
  );

const Query = z.object({
  from: Day.optional().openapi({
    description: 'First day (UTC) included; the first of this month by default',
    example: '2026-12-01',
  }),
  to: Day.optional().openapi({
    description: 'Last day (UTC) included; today by default (at most 366 days after `from`)',
    example: '2026-12-31',
  }),
});

const Totals = {
  calls: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_creation_input_tokens: z.number().int(),
  cache_read_input_tokens: z.number().int(),
  total_tokens: z.number().int(),
  cost_usd: z.number(),
  avg_latency_ms: z.number().int(),
};

const Usage = z
  .object({
    from: z.string(),
    to: z.string(),
    budget: z.object({
      monthly_tokens: z.number().int(),
      used_tokens: z.number().int(),
      remaining_tokens: z.number().int(),
      renews_at: z.string(),
    }),
    totals: z.object(Totals),
    by_day: z.array(z.object({ day: z.string(), ...Totals })),
    by_model: z.array(z.object({ model: z.string(), ...Totals })),
    by_member: z.array(
      z.object({
        user_id: z.string().nullable().openapi({ description: "null: calls made by workflows' ai.* steps" }),
        email: z.string().nullable(),
        ...Totals,
      }),
    ),
  })
  .openapi('AiUsageReport');

const route = defineRoute('analytics:read', {
  method: 'get',
  path: '/api/v1/ai/usage',
  operationId: 'aiUsage',
  tags: ['AI'],
  summary: 'Token usage statistics',
  description:
    "The organization's AI calls in a range of days: tokens (input, output, cache), cost from the model table's prices and latency, in total and by day, model and member, with this month's budget.",
  request: { query: Query },
  problems: [],
  responses: { 200: jsonResponse(Usage, 'The usage') },
});

export function registerGetUsageRoute(app: App) {
  app.openapi(route, async (c) => c.json(await getAiUsage(serviceContext(c), c.req.valid('query')), 200));
}
