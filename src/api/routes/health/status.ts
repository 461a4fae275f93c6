import { z } from '@hono/zod-openapi';
import {
  checkDatabase,
  checkTemporal,
  describePollers,
} from '../../../services/health/check-dependencies.js';
import type { App } from '../../env.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';

const SystemStatus = z
  .object({
    name: z.string(),
    version: z.string(),
    uptime_seconds: z.number(),
    started_at: z.string(),
    database: z.object({ driver: z.enum(['pglite', 'postgres']), ok: z.boolean(), latency_ms: z.number() }),
    temporal: z.object({
      namespace: z.string(),
      task_queue: z.string(),
      reachable: z.boolean(),
      latency_ms: z.number(),
      workflow_pollers: z.number().int().nullable(),
      activity_pollers: z.number().int().nullable(),
      last_poll_at: z.string().nullable(),
    }),
  })
  .openapi('SystemStatus');

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/api/health/status',
  operationId: 'getSystemStatus',
  tags: ['Health & Metrics'],
  summary: 'Database latency, Temporal reachability, workers polling, uptime and version',
  problems: [],
  responses: { 200: jsonResponse(SystemStatus, 'System status') },
});

export function registerStatusRoute(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const [database, temporal] = await Promise.all([
      checkDatabase(deps.database, c.get('logger')),
      checkTemporal(deps.temporal, c.get('logger')),
    ]);
    const pollers = temporal.ok ? await describePollers(deps.temporal).catch(() => null) : null;
    return c.json(
      {
        name: 'Conveyor',
        version: deps.version,
        uptime_seconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
        started_at: deps.startedAt.toISOString(),
        database: { driver: deps.database.driver, ok: database.ok, latency_ms: database.latency_ms },
        temporal: {
          namespace: deps.temporal.namespace,
          task_queue: deps.temporal.taskQueue,
          reachable: temporal.ok,
          latency_ms: temporal.latency_ms,
          workflow_pollers: pollers?.workflow_pollers ?? null,
          activity_pollers: pollers?.activity_pollers ?? null,
          last_poll_at: pollers?.last_poll_at ?? null,
        },
      },
      200,
    );
  });
}
