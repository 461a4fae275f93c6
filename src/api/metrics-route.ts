import { z } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import type { App } from './env.js';
import { defineRoute, PUBLIC } from './route.js';

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tags: ['Health & Metrics'],
  summary: 'Prometheus metrics of this API process',
  description: 'Worker metrics (Temporal SDK) are served by each worker process on WORKER_METRICS_PORT.',
  problems: [],
  responses: {
    200: {
      description: 'Prometheus text exposition format',
      content: { 'text/plain': { schema: z.string() } },
    },
  },
});

export function registerMetricsRoute(app: App, registry: Registry) {
  app.openapi(route, async (c) =>
    c.text(await registry.metrics(), 200, { 'Content-Type': registry.contentType }),
  );
}
