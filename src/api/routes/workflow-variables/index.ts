import type { App } from '../../env.js';
import { registerGetVariablesRoute } from './get-variables.js';
import { registerReplaceVariablesRoute } from './replace-variables.js';
import { registerSetMappingsRoute } from './set-mappings.js';
import { registerValidateInputRoute } from './validate-input.js';

export function registerWorkflowVariablesRoutes(app: App) {
  registerGetVariablesRoute(app);
  registerReplaceVariablesRoute(app);
  registerSetMappingsRoute(app);
  registerValidateInputRoute(app);
}
