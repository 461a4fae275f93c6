import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { TemporalDevConfig } from './dev-config.js';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/**
 * Where Temporal is and how to reach it: the environment first, then the dev server described in
 * temporal-dev.yml. Shared by the API's Client and the worker's NativeConnection.
 */
export function temporalSettings(config: Config, dev: TemporalDevConfig): TemporalSettings {
  const useTls =
    config.TEMPORAL_TLS || Boolean(config.TEMPORAL_TLS_CERT_PATH) || Boolean(config.TEMPORAL_API_KEY);
  return {
    address: config.TEMPORAL_ADDRESS ?? `${dev.ip}:${dev.ports.frontend}`,
    namespace: config.TEMPORAL_NAMESPACE ?? dev.namespace,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    apiKey: config.TEMPORAL_API_KEY,
    tls: useTls
      ? {
          serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
          serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH
            ? readFileSync(config.TEMPORAL_TLS_CA_PATH)
            : undefined,
          clientCertPair:
            config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
              ? {
                  crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH),
                  key: readFileSync(config.TEMPORAL_TLS_KEY_PATH),
                }
              : undefined,
        }
      : undefined,
  };
}
