import { z } from '@hono/zod-openapi';
import { createConnectedApp } from '../../../services/connected-apps/create-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppFieldsSchema, ConnectedAppWithAuthorizationSchema, EndpointsSchema } from './schemas.js';

const Body = AppFieldsSchema.extend({
  provider: z
    .string()
    .min(1)
    .max(63)
    .openapi({ description: 'A key of the provider catalogue', example: 'github' }),
  issuer: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .openapi({ description: '`generic`: the issuer whose endpoints are discovered' }),
  endpoints: EndpointsSchema.optional().openapi({ description: '`generic`: endpoints given explicitly' }),
})
  .strict()
  .openapi('CreateConnectedAppRequest');

const route = defineRoute('connected_apps:write', {
  method: 'post',
  path: '/api/v1/connected-apps',
  operationId: 'createConnectedApp',
  tags: ['Connected apps'],
  summary: 'Connect a new app (begins OAuth authorization)',
  description:
    'Creates the app (`pending`) and answers with `authorization_url` (authorization code with PKCE S256). The user opens it, grants access, and the provider redirects to the callback, which connects the app. The state expires in 10 minutes.',
  request: { body: jsonBody(Body) },
  problems: ['unknown_provider', 'connected_app_name_taken', 'destination_not_allowed', 'provider_error'],
  responses: {
    201: jsonResponse(ConnectedAppWithAuthorizationSchema, 'The app, and where to authorize it'),
    ...errorResponses(400, 409, 413, 415, 502),
  },
});

export function registerCreateConnectedAppRoute(app: App) {
  app.openapi(route, async (c) => {
    const created = await createConnectedApp(serviceContext(c), {
      ...c.req.valid('json'),
      requestOrigin: new URL(c.req.url).origin,
    });
    return c.json(created, 201);
  });
}
