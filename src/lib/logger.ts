import { type Logger, pino } from 'pino';

/**
 * Structured JSON logs. Redaction is a backstop: code never logs bodies or headers, and these
 * paths make sure a token or password that slips into an object is printed as [redacted].
 */
export function createLogger(level: string, name = 'conveyor'): Logger {
  return pino({
    name,
    level,
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
