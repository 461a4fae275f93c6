import { planTokenRefresh, refreshConnectedAppToken } from '../services/connected-apps/refresh-app-token.js';
import { runConnectedAppSync } from '../services/connected-apps/run-app-sync.js';
import type { Platform } from '../services/context.js';
import type {
  RefreshOutcome,
  RefreshPlan,
  RefreshReason,
  SyncOutcome,
} from '../workflows/connected-app-messages.js';

type Target = { orgId: string; appId: string };

/** Connected apps' activities: ids in, outcomes out; the tokens stay inside the services. */
export interface ConnectedAppActivities {
  planTokenRefresh(target: Target): Promise<RefreshPlan>;
  refreshAppToken(target: Target & { reason: RefreshReason; workflowId: string }): Promise<RefreshOutcome>;
  runAppSync(target: Target & { workflowId: string }): Promise<SyncOutcome>;
}

export function createConnectedAppActivities({ platform }: { platform: Platform }): ConnectedAppActivities {
  return {
    planTokenRefresh: (target) => planTokenRefresh(platform, target),
    refreshAppToken: (target) => refreshConnectedAppToken(platform, target),
    runAppSync: (target) => runConnectedAppSync(platform, target),
  };
}
