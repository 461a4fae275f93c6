import type { App } from '../../env.js';
import { registerGetTemplateRoute } from './get-template.js';
import { registerInstantiateTemplateRoute } from './instantiate-template.js';
import { registerListCategoriesRoute } from './list-categories.js';
import { registerListTemplatesRoute } from './list-templates.js';

export function registerTemplatesRoutes(app: App) {
  registerListTemplatesRoute(app);
  // Before `/templates/{id}`, which would otherwise take "categories" for an id.
  registerListCategoriesRoute(app);
  registerGetTemplateRoute(app);
  registerInstantiateTemplateRoute(app);
}
