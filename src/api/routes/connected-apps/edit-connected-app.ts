import type { z } from '@hono/zod-openapi';
import { updateConnectedApp } from '../../../services/connected-apps/update-connected-app.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { AppFieldsSchema, AppIdParam, ConnectedAppSchema, SyncRequestSchema } from './schemas.js';

const Fields = AppFieldsSchema.extend({
  client_secret: AppFieldsSchema.shape.client_secret.optional(),
  test_url: AppFieldsSchema.shape.test_url.nullable(),
  sync: SyncRequestSchema.nullable().optional(),
});
/** PUT replaces: what is left out goes back to its default (no test URL, no sync, no scopes). */
const ReplaceBody = Fields.strict().openapi('ReplaceConnectedAppRequest');
/** PATCH merges: only what is sent changes. */
const PatchBody = Fields.partial().strict().openapi('PatchConnectedAppRequest');

const contract = {
  tags: ['Connected apps'],
  'x-resource': 'connected_app',
  problems: ['not_found', 'connected_app_name_taken'] as const,
  responses: {
    200: jsonResponse(ConnectedAppSchema, 'The updated app'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
};

const replace = defineRoute('connected_apps:write', {
  ...contract,
  method: 'put',
  path: '/api/v1/connected-apps/{id}',
  operationId: 'replaceConnectedApp',
  summary: 'Update a connected app (replace)',
  description: 'New scopes or client take effect at the next authorization.',
  request: { params: AppIdParam, body: jsonBody(ReplaceBody) },
});

const patch = defineRoute('connected_apps:write', {
  ...contract,
  method: 'patch',
  path: '/api/v1/connected-apps/{id}',
  operationId: 'patchConnectedApp',
  summary: 'Update some fields of a connected app',
  description: 'Fields left out keep their value; `null` clears test_url or sync.',
  request: { params: AppIdParam, body: jsonBody(PatchBody) },
});

/** PUT and PATCH share this body: they differ only in their schema (defaults filled, or not). */
export function registerEditConnectedAppRoutes(app: App) {
  app.openapi(replace, async (c) => {
    const body = c.req.valid('json') as z.infer<typeof ReplaceBody>;
    const changes = {
      ...body,
      scopes: body.scopes ?? [],
      test_url: body.test_url ?? null,
      sync: body.sync ?? null,
    };
    return c.json(await updateConnectedApp(serviceContext(c), c.req.valid('param').id, changes), 200);
  });
  app.openapi(patch, async (c) =>
    c.json(await updateConnectedApp(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
