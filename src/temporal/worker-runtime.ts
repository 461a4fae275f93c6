import {
  DefaultLogger,
  type LogLevel,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TemporalSettings } from './connection-options.js';

/**
 * Installs the SDK runtime once per process: SDK logs go through our pino logger, and the SDK's
 * worker metrics are served in Prometheus format on their own port. Signals are left to our own
 * entry points, which stop the API, the worker and the dev server in order.
 */
export function installWorkerRuntime(logger: Logger, metricsBindAddress: string): void {
  const sdkLogger = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      const level = entry.level.toLowerCase() as Lowercase<LogLevel>;
      const log = level === 'trace' ? sdkLogger.trace : level === 'warn' ? sdkLogger.warn : sdkLogger[level];
      log.call(sdkLogger, entry.meta ?? {}, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      metrics: {
        prometheus: { bindAddress: metricsBindAddress },
        globalTags: { service: 'conveyor-worker' },
      },
    },
    shutdownSignals: [],
  });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.address, tls: settings.tls, apiKey: settings.apiKey });
}
