import type { App } from '../../env.js';
import { registerAnalyzeRoute } from './analyze.js';
import { registerAskRoute } from './ask.js';
import { registerClassifyRoute } from './classify.js';
import { registerClearConversationRoute } from './clear-conversation.js';
import { registerDecideRoute } from './decide.js';
import { registerExtractRoute } from './extract.js';
import { registerGetRunRoute } from './get-run.js';
import { registerGetStatusRoute } from './get-status.js';
import { registerGetUsageRoute } from './get-usage.js';
import { registerListTaskTypesRoute } from './list-task-types.js';
import { registerSummarizeRoute } from './summarize.js';

export function registerAiRoutes(app: App) {
  registerGetStatusRoute(app);
  registerListTaskTypesRoute(app);
  registerAskRoute(app);
  registerAnalyzeRoute(app);
  registerDecideRoute(app);
  registerClassifyRoute(app);
  registerExtractRoute(app);
  registerSummarizeRoute(app);
  registerGetRunRoute(app);
  registerClearConversationRoute(app);
  registerGetUsageRoute(app);
}
