import { z } from '@hono/zod-openapi';
import { checkDatabase, checkTemporal } from '../../../services/health/check-dependencies.js';
import type { App } from '../../env.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';

const Check = z.object({
  ok: z.boolean(),
  latency_ms: z.number(),
  error: z
    .enum(['timeout', 'unavailable'])
    .optional()
    .openapi({ description: "The kind of failure; the dependency's own error text is only logged" }),
});
const Health = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: Check, temporal: Check }),
    failing: z.array(z.enum(['database', 'temporal'])),
  })
  .openapi('Health');

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/api/health/health',
  operationId: 'getHealth',
  tags: ['Health & Metrics'],
  summary: 'Readiness: 200 only when the database and Temporal answer',
  problems: [],
  responses: {
    200: jsonResponse(Health, 'Database and Temporal answer'),
    503: jsonResponse(Health, 'At least one dependency failed; `failing` names it'),
  },
});

export function registerHealthRoute(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const [database, temporal] = await Promise.all([
      checkDatabase(deps.database, c.get('logger')),
      checkTemporal(deps.temporal, c.get('logger')),
    ]);
    const failing = (['database', 'temporal'] as const).filter((name) => !{ database, temporal }[name].ok);
    const body = {
      status: failing.length ? ('unavailable' as const) : ('ok' as const),
      checks: { database, temporal },
      failing,
    };
    return failing.length ? c.json(body, 503) : c.json(body, 200);
  });
}
