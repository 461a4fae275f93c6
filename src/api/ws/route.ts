import { z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/errors.js';
import type { App } from '../env.js';
import { requirePermissionMiddleware } from '../middleware/auth/index.js';
import { errorResponses, ProblemSchema } from '../openapi.js';
import { defineRoute } from '../route.js';
import { authenticateSocketRequest, SOCKET_PERMISSION } from './authenticate-socket.js';
import { MAX_SOCKETS_PER_USER, TOKEN_EXPIRED_CLOSE } from './event-socket.js';

const description = `
Live events of your organization over a WebSocket: \`ws://<host>/ws?token=<access token>\`
(or the usual \`Authorization: Bearer\` header where the client can set one). The upgrade is
refused with HTTP 401 without a valid token, 403 without \`${SOCKET_PERMISSION}\`, and 429
\`too_many_connections\` when the user already holds ${MAX_SOCKETS_PER_USER} sockets on this API process. A plain
HTTP request (no \`Upgrade: websocket\`) is answered 426.

Server → client, one JSON text frame per event: \`{ "type": ..., "data": {...}, "at": "<ISO time>" }\`.
- \`execution.status_changed\`: \`data\` = \`{ execution_id, workflow_id, status, error?, at }\` (started, completed, failed, cancelled, terminated, timed out)
- \`execution.log\`: \`data\` = \`{ execution_id, level, step_id, message, at }\`
- \`notification\`, \`trigger.fired\`: as their features describe

Only events of the token's organization are sent; events published by any API or worker process
arrive (fan-out through PostgreSQL LISTEN/NOTIFY). Events are not replayed: after reconnecting,
catch up through \`GET /api/v1/executions\` and \`GET /api/v1/executions/{id}/logs?after=\`.

Client → server: \`{"type":"ping"}\` is answered \`{"type":"pong"}\`; anything else is ignored.
Frames over 64 KiB close the socket (1009). The socket is closed with code ${TOKEN_EXPIRED_CLOSE}
when the access token expires: reconnect with a fresh one. The server also pings at the protocol level
every 30 s and drops peers that do not answer.`.trim();

const documented = defineRoute(SOCKET_PERMISSION, {
  method: 'get',
  path: '/ws',
  operationId: 'connectEventSocket',
  tags: ['WebSocket'],
  summary: 'Live events over a WebSocket',
  description,
  request: {
    query: z.object({
      token: z
        .string()
        .optional()
        .openapi({ description: 'Access token; browsers cannot set headers on a WebSocket' }),
    }),
  },
  problems: ['upgrade_required', 'too_many_connections', 'shutting_down'],
  responses: {
    101: { description: 'Switching Protocols: the socket is open and events follow' },
    426: {
      description: 'Not a WebSocket upgrade request',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    // The upgrade's own refusals (src/api/ws/event-socket.ts), documented on its HTTP face.
    ...errorResponses(429, 503),
  },
});

/** Same documentation and permission, but the token may also come from `?token=`, like the upgrade's. */
const route = {
  ...documented,
  middleware: [authenticateSocketRequest, requirePermissionMiddleware(SOCKET_PERMISSION)],
};

/**
 * The HTTP face of `/ws`. Real upgrades never reach the app: the Node server's `upgrade` event
 * hands them to the event socket (src/api/ws/event-socket.ts). Whatever arrives here is plain HTTP.
 */
export function registerEventSocketRoute(app: App) {
  app.openapi(route, () => {
    throw new ApiError('upgrade_required', 'Connect with a WebSocket client (Upgrade: websocket)', {
      headers: { Upgrade: 'websocket', Connection: 'Upgrade' },
    });
  });
}
