import { z } from '@hono/zod-openapi';
import { completeAuthorization } from '../../../services/connected-apps/complete-authorization.js';
import { publicContext } from '../../context.js';
import type { App } from '../../env.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute, PUBLIC } from '../../route.js';
import { ConnectedAppSchema } from './schemas.js';

/**
 * RFC 6749 §4.1.2 and §4.1.2.1: code, state, error and error_description are printable ASCII. The
 * caps keep the whole URL, percent-encoded, well under the HTTP server's 16 KiB header limit.
 */
const printable = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[\x20-\x7E]*$/, 'printable ASCII (RFC 6749)');
const Query = z.object({
  code: printable(2048).min(1).optional(),
  state: printable(512).min(1).optional(),
  error: printable(200).optional(),
  error_description: printable(512).optional(),
  iss: printable(512).optional(),
});

const route = defineRoute(PUBLIC, {
  method: 'get',
  path: '/api/v1/connected-apps/oauth/callback',
  operationId: 'connectedAppOAuthCallback',
  tags: ['Connected apps'],
  summary: 'Where the provider sends the browser back after consent',
  description:
    'Public: the provider redirects here. The state must be known, unexpired and unused; a request with a bearer token must be from the user who began. Exchanges the code and connects the app.',
  request: { query: Query },
  problems: [
    'invalid_oauth_state',
    'provider_error',
    'not_found',
    'temporal_unavailable',
    'master_key_unavailable',
  ],
  responses: {
    200: jsonResponse(ConnectedAppSchema, 'The connected app'),
    ...errorResponses(400, 404, 502, 503),
  },
});

export function registerOAuthCallbackRoute(app: App) {
  app.openapi(route, async (c) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const connected = await completeAuthorization(publicContext(c), { ...c.req.valid('query'), bearer });
    return c.json(connected, 200);
  });
}
