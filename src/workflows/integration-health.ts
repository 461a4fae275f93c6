import { proxyActivities } from '@temporalio/workflow';
import type { IntegrationActivities } from '../activities/integrations.js';

/** What an integration's Temporal Schedule passes to every check it starts. */
export interface IntegrationHealthRequest {
  orgId: string;
  integrationId: string;
}

// The check has its own timeout (at most 60 s); a failed attempt is a failed check, not a retry.
const { checkIntegrationHealth } = proxyActivities<IntegrationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** One periodic health check of an integration, started by its Schedule. */
export async function integrationHealthWorkflow(request: IntegrationHealthRequest) {
  return checkIntegrationHealth(request.orgId, request.integrationId, 'schedule');
}
