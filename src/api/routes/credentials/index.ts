import type { App } from '../../env.js';
import { registerCreateCredentialRoute } from './create-credential.js';
import { registerDeleteCredentialRoute } from './delete-credential.js';
import { registerGetCredentialRoute } from './get-credential.js';
import { registerListCredentialsRoute } from './list-credentials.js';
import { registerUpdateCredentialRoute } from './update-credential.js';

export function registerCredentialsRoutes(app: App) {
  registerListCredentialsRoute(app);
  registerCreateCredentialRoute(app);
  registerGetCredentialRoute(app);
  registerUpdateCredentialRoute(app);
  registerDeleteCredentialRoute(app);
}
