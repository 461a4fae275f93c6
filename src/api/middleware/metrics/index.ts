import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AppEnv } from '../../env.js';

export interface HttpMetrics {
  registry: Registry;
  middleware: MiddlewareHandler<AppEnv>;
}

/**
 * Request count and latency by method, route template (never the raw path, which would make one
 * series per id) and status, plus the process metrics. One registry per app so tests stay isolated.
 */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'conveyor_api_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'conveyor_http_requests_total',
    help: 'HTTP requests handled',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'conveyor_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const started = performance.now();
    await next();
    const matched = routePath(c);
    const labels = {
      method: c.req.method,
      route: c.res.status === 404 && (matched === '/*' || matched === '*') ? 'unmatched' : matched,
      status: String(c.res.status),
    };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  };
  return { registry, middleware };
}
