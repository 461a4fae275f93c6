/**
 * Errors that mean a dependency cannot be reached right now (PostgreSQL stopped or restarting,
 * Temporal's frontend not answering) rather than a bug of ours: the API answers 503 so clients
 * retry, and recovers by itself once the dependency is back.
 */
export type Dependency = 'database' | 'temporal';

/** Node socket errors and postgres.js's own connection errors. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** SQLSTATE class 08 (connection exception) and 57P01-57P03 (server shutting down or starting). */
const unavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code);
/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED, as the Temporal client reports them. */
const GRPC_UNAVAILABLE = new Set([4, 14]);

export function unavailableDependency(error: unknown): Dependency | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code)) return 'temporal';
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || unavailableSqlState(code)))
      return 'database';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
