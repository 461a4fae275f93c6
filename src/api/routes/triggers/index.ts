import type { App } from '../../env.js';
import { registerCreateTriggerRoute } from './create-trigger.js';
import { registerDeleteTriggerRoute } from './delete-trigger.js';
import { registerFireTriggerRoute } from './fire-trigger.js';
import { registerGetTriggerRoute } from './get-trigger.js';
import { registerListTriggerTypesRoute } from './list-trigger-types.js';
import { registerListTriggersRoute } from './list-triggers.js';
import { registerManagerStatusRoute } from './manager-status.js';
import { registerReceiveWebhookRoute } from './receive-webhook.js';
import { registerRotateSecretRoute } from './rotate-secret.js';
import { registerTestTriggerRoute } from './test-trigger.js';
import { registerToggleTriggerRoute } from './toggle-trigger.js';
import { registerUpdateTriggerRoute } from './update-trigger.js';

export function registerTriggersRoutes(app: App) {
  // The fixed paths first: Hono tries same-shaped routes in registration order, so registered
  // after `/triggers/{id}` they would be read as a trigger named "types" or "test".
  registerListTriggerTypesRoute(app);
  registerManagerStatusRoute(app);
  registerTestTriggerRoute(app);
  registerReceiveWebhookRoute(app);
  registerListTriggersRoute(app);
  registerCreateTriggerRoute(app);
  registerGetTriggerRoute(app);
  registerUpdateTriggerRoute(app);
  registerDeleteTriggerRoute(app);
  registerToggleTriggerRoute(app);
  registerFireTriggerRoute(app);
  registerRotateSecretRoute(app);
}
