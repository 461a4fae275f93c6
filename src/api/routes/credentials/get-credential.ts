import { z } from '@hono/zod-openapi';
import { getCredential } from '../../../services/credentials/get-credential.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CredentialIdParam, CredentialWithValueSchema } from './schemas.js';

const Query = z.object({
  decrypt: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({
      description:
        'Add the decrypted `value`: needs `credentials:decrypt` (403 otherwise); each such read writes a `credential.decrypt` audit row',
    }),
});

const route = defineRoute('credentials:read', {
  method: 'get',
  path: '/api/v1/credentials/{id}',
  operationId: 'getCredential',
  tags: ['Credentials'],
  summary: 'A credential, and with ?decrypt=true its value',
  'x-resource': 'credential',
  request: { params: CredentialIdParam, query: Query },
  problems: ['not_found', 'credential_unreadable', 'master_key_unavailable'],
  responses: {
    200: jsonResponse(CredentialWithValueSchema, 'The credential; `value` only on a decrypt read'),
    ...errorResponses(404, 409, 503),
  },
});

export function registerGetCredentialRoute(app: App) {
  app.openapi(route, async (c) => {
    const credential = await getCredential(serviceContext(c), c.req.valid('param').id, {
      decrypt: c.req.valid('query').decrypt ?? false,
    });
    return c.json(credential, 200);
  });
}
