import { type Logger, pino } from 'pino';

/**
 * Structured JSON logs. Redaction is a backstop: code never logs bodies or headers, and these
 * paths make sure a token or password that slips into an object is printed as [redacted].
 */
export function createLogger(level: string, name = 'conveyor'): Logger {
  return pino({
    name,
    level,
    serializers: { err: serializeError },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'access_token',
        '*.access_token',
        'refresh_token',
        '*.refresh_token',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
        'secret',
        '*.secret',
        'api_key',
        '*.api_key',
      ],
      censor: '[redacted]',
    },
  });
}

/**
 * pino's error serializer, minus the bound parameters of a failed query: drizzle's query errors
 * carry them (in `params`, and again in the message and stack), and they are user data: a password
 * hash, a token's digest, a payload.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  if (!('params' in serialized)) return serialized;
  serialized.params = '[redacted]';
  for (const key of ['message', 'stack'] as const) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = text.replace(QUERY_PARAMS, '\nparams: [redacted]');
  }
  return serialized;
}

// drizzle writes "Failed query: <sql>\nparams: <values>", then the stack frames.
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |\ncaused by:|$)/;
