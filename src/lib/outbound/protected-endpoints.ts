import type { ProtectedEndpoint } from './policy.js';

/** Where Conveyor's own infrastructure listens, as the process that builds the guard knows it. */
export interface Infrastructure {
  /** Temporal's frontend, `host:port`. */
  temporalAddress: string;
  /**
   * Temporal's other ports on the frontend's host (HTTP API, Web UI, metrics): the dev server's,
   * or temporal-dev.yml's for a cluster whose own are not known here.
   */
  temporalPorts: { http: number; ui: number; metrics: number };
  /** The worker's Prometheus endpoint, `host:port`. */
  workerMetrics?: string;
  /** PostgreSQL's URL; none for the embedded database. */
  databaseUrl?: string;
}

/** The endpoints a step may never reach, whatever OUTBOUND_ALLOW says. */
export function protectedEndpoints(infrastructure: Infrastructure): ProtectedEndpoint[] {
  const temporal = splitHostPort(infrastructure.temporalAddress);
  const endpoints: ProtectedEndpoint[] = [
    { ...temporal, name: 'the Temporal frontend' },
    { host: temporal.host, port: infrastructure.temporalPorts.http, name: "Temporal's HTTP API" },
    { host: temporal.host, port: infrastructure.temporalPorts.ui, name: 'the Temporal Web UI' },
    { host: temporal.host, port: infrastructure.temporalPorts.metrics, name: "Temporal's metrics" },
  ];
  if (infrastructure.workerMetrics) {
    endpoints.push({ ...splitHostPort(infrastructure.workerMetrics), name: "the worker's metrics" });
  }
  if (infrastructure.databaseUrl) {
    const url = new URL(infrastructure.databaseUrl);
    endpoints.push({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
      port: Number(url.port || 5432),
      name: 'the database',
    });
  }
  return endpoints;
}

function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(at + 1)) };
}
