import { z } from '@hono/zod-openapi';
import { CONNECTED_APP_STATUSES } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const APP_ID_EXAMPLE = 'capp_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const AppIdParam = idParam('id', APP_ID_EXAMPLE);

const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Scope = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'an OAuth scope token');

export const SyncRequestSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    url: Url,
    headers: z.record(z.string().min(1).max(200), z.string().max(4000)).optional(),
    body: z.unknown().optional(),
  })
  .openapi('ConnectedAppSyncRequest', {
    example: { method: 'GET', url: 'https://api.example.com/v1/items' },
  });

/** The fields PUT and PATCH share with create. */
export const AppFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200).openapi({ example: 'Sales CRM' }),
  client_id: z.string().min(1).max(500),
  client_secret: z
    .string()
    .min(1)
    .max(2000)
    .openapi({ description: 'Sealed as the app’s credential; never shown again' }),
  scopes: z
    .array(Scope)
    .max(100)
    .optional()
    .openapi({ example: ['openid', 'email'] }),
  test_url: Url.optional().openapi({
    description: 'Called by `test` with the token; default the userinfo endpoint',
  }),
  sync: SyncRequestSchema.optional(),
});

export const EndpointsSchema = z.strictObject({
  authorization_endpoint: Url.optional(),
  token_endpoint: Url.optional(),
  revocation_endpoint: Url.optional(),
  userinfo_endpoint: Url.optional(),
});

export const ConnectedAppSchema = z
  .object({
    id: z.string().openapi({ example: APP_ID_EXAMPLE }),
    name: z.string(),
    provider: z.string().openapi({ example: 'github' }),
    status: z.enum(CONNECTED_APP_STATUSES),
    client_id: z.string(),
    scopes: z.array(z.string()),
    endpoints: z.object({
      issuer: z.string().nullable(),
      authorization_endpoint: z.string(),
      token_endpoint: z.string(),
      revocation_endpoint: z.string().nullable(),
      userinfo_endpoint: z.string().nullable(),
    }),
    test_url: z.string().nullable(),
    sync: SyncRequestSchema.nullable(),
    account: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Who the tokens act for' }),
    token_expires_at: z.string().nullable(),
    last_refreshed_at: z.string().nullable(),
    last_synced_at: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('ConnectedApp');

export const ConnectedAppWithAuthorizationSchema = ConnectedAppSchema.extend({
  authorization_url: z.string().openapi({ description: "Send the user's browser here to grant access" }),
}).openapi('ConnectedAppWithAuthorization');
