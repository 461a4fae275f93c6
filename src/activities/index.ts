import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { AiProvider } from '../services/ai/anthropic-client.js';
import type { Platform } from '../services/context.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import { createAgentTaskActivities } from './agent-tasks.js';
import { createAiActivities } from './ai.js';
import { createApprovalActivities } from './approvals.js';
import { createCancelEscalationActivities } from './cancel-escalation.js';
import { createConnectedAppActivities } from './connected-apps.js';
import { createExpressionActivities } from './expressions.js';
import { createHttpActivities } from './http.js';
import { createIntegrationActivities } from './integrations.js';
import { createNotificationActivities } from './notifications.js';
import { createPingActivities } from './ping.js';
import { createReadModelActivities } from './read-model.js';
import { createScheduleActivities } from './schedules.js';
import { createSubWorkflowActivities } from './sub-workflow.js';
import { createWebhookActivities } from './webhooks.js';

export interface ActivityDeps {
  /** The services' shared handles (services/context.ts): activities act through services with it. */
  platform: Platform;
  readModel: ReadModelWriter;
  /** Every request to a user-given address goes through it. */
  outbound: OutboundGuard;
  /** The deployment's Anthropic key and address: workers only. */
  ai: AiProvider;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const { platform } = deps;
  const { db } = platform;
  const masterKey = platform.secrets.masterKey;
  return {
    ...createPingActivities(),
    ...createHttpActivities({ outbound: deps.outbound, platform }),
    ...createExpressionActivities(),
    ...createReadModelActivities({ platform, writer: deps.readModel }),
    ...createSubWorkflowActivities({ db, limits: platform.config.limits }),
    ...createApprovalActivities({ platform }),
    ...createCancelEscalationActivities({ platform }),
    ...createConnectedAppActivities({ platform }),
    ...createAgentTaskActivities({ db, masterKey }),
    ...createScheduleActivities({ db }),
    ...createIntegrationActivities({ platform }),
    ...createAiActivities({ platform, provider: deps.ai }),
    ...createNotificationActivities({ platform }),
    ...createWebhookActivities({ platform }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
