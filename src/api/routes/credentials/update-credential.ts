import { updateCredential } from '../../../services/credentials/update-credential.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CredentialIdParam, CredentialSchema, UpdateCredentialBody } from './schemas.js';

const route = defineRoute('credentials:write', {
  method: 'put',
  path: '/api/v1/credentials/{id}',
  operationId: 'updateCredential',
  tags: ['Credentials'],
  summary: 'Update a credential',
  description:
    'Sets name and description, and the value when one is given (left out, the sealed value stays). The type cannot change; a connected app’s credential is changed through the app.',
  'x-resource': 'credential',
  request: { params: CredentialIdParam, body: jsonBody(UpdateCredentialBody) },
  problems: ['not_found', 'credential_name_taken', 'credential_type_fixed', 'credential_managed'],
  responses: {
    200: jsonResponse(CredentialSchema, 'The updated credential, without its value'),
    ...errorResponses(400, 404, 409, 413, 415),
  },
});

export function registerUpdateCredentialRoute(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const credential = await updateCredential(serviceContext(c), c.req.valid('param').id, {
      ...body,
      description: body.description ?? '',
    });
    return c.json(credential, 200);
  });
}
