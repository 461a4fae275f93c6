import type { App } from '../../env.js';
import { registerConfigureChannelRoute } from './configure-channel.js';
import { registerGetStatusRoute } from './get-status.js';
import { registerSendRoute } from './send.js';
import { registerTestChannelRoute } from './test-channel.js';

export function registerNotificationsRoutes(app: App) {
  registerGetStatusRoute(app);
  registerSendRoute(app);
  registerConfigureChannelRoute(app);
  registerTestChannelRoute(app);
}
