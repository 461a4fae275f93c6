import type { App } from '../../env.js';
import { registerArchiveWorkflowRoute } from './archive-workflow.js';
import { registerCloneWorkflowRoute } from './clone-workflow.js';
import { registerCreateWorkflowRoute } from './create-workflow.js';
import { registerDeleteWorkflowRoute } from './delete-workflow.js';
import { registerExecuteWorkflowRoute } from './execute-workflow.js';
import { registerGetDefinitionSchemaRoute } from './get-definition-schema.js';
import { registerGetWorkflowRoute } from './get-workflow.js';
import { registerListWorkflowExecutionsRoute } from './list-workflow-executions.js';
import { registerListWorkflowsRoute } from './list-workflows.js';
import { registerPatchWorkflowRoute } from './patch-workflow.js';
import { registerPublishWorkflowRoute } from './publish-workflow.js';
import { registerReplaceWorkflowRoute } from './replace-workflow.js';
import { registerWorkflowHistoryRoute } from './workflow-history.js';

export function registerWorkflowsRoutes(app: App) {
  registerListWorkflowsRoute(app);
  registerCreateWorkflowRoute(app);
  registerGetWorkflowRoute(app);
  registerReplaceWorkflowRoute(app);
  registerPatchWorkflowRoute(app);
  registerDeleteWorkflowRoute(app);
  registerPublishWorkflowRoute(app);
  registerArchiveWorkflowRoute(app);
  registerCloneWorkflowRoute(app);
  registerWorkflowHistoryRoute(app);
  registerExecuteWorkflowRoute(app);
  registerListWorkflowExecutionsRoute(app);
  registerGetDefinitionSchemaRoute(app);
}
