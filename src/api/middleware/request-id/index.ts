import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env.js';

/** A client's own request id: short, and only characters that are safe in logs, headers and URLs. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets an id of ours, answered in `X-Request-Id` and written to logs and audit rows,
 * so what the audit trail says can never be chosen by a client. A client's own `X-Request-Id`, in
 * a safe format, is kept apart (`clientRequestId`: the log's `client_request_id`, the audit row's
 * column of that name) for correlating with the client's logs; any other is ignored.
 */
export const assignRequestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ours = randomUUID();
  const theirs = c.req.header('x-request-id');
  c.set('requestId', ours);
  c.set('clientRequestId', theirs && CLIENT_REQUEST_ID.test(theirs) ? theirs : null);
  c.header('X-Request-Id', ours);
  await next();
};
