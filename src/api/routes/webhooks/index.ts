import type { App } from '../../env.js';
import { registerCreateWebhookRoute } from './create-webhook.js';
import { registerDeleteWebhookRoute } from './delete-webhook.js';
import { registerGetWebhookRoute } from './get-webhook.js';
import { registerListWebhookDeliveriesRoute } from './list-webhook-deliveries.js';
import { registerListWebhooksRoute } from './list-webhooks.js';
import { registerPatchWebhookRoute } from './patch-webhook.js';
import { registerReplaceWebhookRoute } from './replace-webhook.js';
import { registerRotateWebhookSecretRoute } from './rotate-webhook-secret.js';
import { registerTestWebhookRoute } from './test-webhook.js';
import { registerToggleWebhookRoute } from './toggle-webhook.js';

/** Outbound webhook subscriptions (inbound webhook triggers are under /triggers). */
export function registerWebhooksRoutes(app: App) {
  registerListWebhooksRoute(app);
  registerCreateWebhookRoute(app);
  registerGetWebhookRoute(app);
  registerReplaceWebhookRoute(app);
  registerPatchWebhookRoute(app);
  registerDeleteWebhookRoute(app);
  registerTestWebhookRoute(app);
  registerToggleWebhookRoute(app);
  registerRotateWebhookSecretRoute(app);
  registerListWebhookDeliveriesRoute(app);
}
