import type { App } from '../../env.js';
import { registerLoginRoute } from './login.js';
import { registerMeRoute } from './me.js';
import { registerRefreshRoute } from './refresh.js';
import { registerRegisterRoute } from './register.js';

export function registerAuthRoutes(app: App) {
  registerRegisterRoute(app);
  registerLoginRoute(app);
  registerRefreshRoute(app);
  registerMeRoute(app);
}
