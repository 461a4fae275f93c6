import type { Config } from './config.js';
import { buildOutboundGuard } from './lib/outbound/build-guard.js';
import type { OutboundGuard } from './lib/outbound/guard.js';
import type { AllowEntry } from './lib/outbound/policy.js';
import type { TemporalSettings } from './temporal/connection-options.js';
import type { TemporalDevConfig } from './temporal/dev-config.js';

/**
 * The process's one outbound guard, as every entry point builds it: the operator's allow-list, and
 * this deployment's Temporal, worker metrics and database protected. The API uses it for OAuth
 * providers, the worker for steps; `npm start` shares one between them.
 */
export function processOutboundGuard(
  config: Config,
  temporal: { settings: TemporalSettings; dev: TemporalDevConfig },
  options: { extraAllow?: AllowEntry[]; workerMetricsHost?: string } = {},
): OutboundGuard {
  return buildOutboundGuard({
    allow: config.OUTBOUND_ALLOW,
    extraAllow: options.extraAllow,
    infrastructure: {
      temporalAddress: temporal.settings.address,
      temporalPorts: temporal.dev.ports,
      workerMetrics: `${options.workerMetricsHost ?? config.WORKER_METRICS_HOST}:${config.WORKER_METRICS_PORT}`,
      databaseUrl: config.DATABASE_URL,
    },
  });
}
