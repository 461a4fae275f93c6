import { deleteCredential } from '../../../services/credentials/delete-credential.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CredentialIdParam } from './schemas.js';

const route = defineRoute('credentials:write', {
  method: 'delete',
  path: '/api/v1/credentials/{id}',
  operationId: 'deleteCredential',
  tags: ['Credentials'],
  summary: 'Delete a credential',
  description:
    'Soft delete: every read answers 404 from now on, steps naming it fail, and its name is free again. A connected app’s credential goes with the app.',
  'x-resource': 'credential',
  request: { params: CredentialIdParam },
  problems: ['not_found', 'credential_managed'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export function registerDeleteCredentialRoute(app: App) {
  app.openapi(route, async (c) => {
    await deleteCredential(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
