import { createCredential } from '../../../services/credentials/create-credential.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CreateCredentialBody, CredentialSchema } from './schemas.js';

const route = defineRoute('credentials:write', {
  method: 'post',
  path: '/api/v1/credentials',
  operationId: 'createCredential',
  tags: ['Credentials'],
  summary: 'Create a credential',
  description:
    'The value is envelope-encrypted at rest and not shown in this answer or any other, except an audited `GET …?decrypt=true`. Steps use it by `name`.',
  request: { body: jsonBody(CreateCredentialBody) },
  problems: ['credential_name_taken'],
  responses: {
    201: jsonResponse(CredentialSchema, 'The credential, without its value'),
    ...errorResponses(400, 409, 413, 415),
  },
});

export function registerCreateCredentialRoute(app: App) {
  app.openapi(route, async (c) =>
    c.json(await createCredential(serviceContext(c), c.req.valid('json')), 201),
  );
}
