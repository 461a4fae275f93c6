import { type Platform, systemContext } from '../services/context.js';
import { runScheduledCheck } from '../services/integrations/perform-health-check.js';

export interface IntegrationActivities {
  checkIntegrationHealth(
    orgId: string,
    integrationId: string,
    trigger: 'schedule',
  ): ReturnType<typeof runScheduledCheck>;
}

/** Integrations' activity: ids in, the check's outcome out; the request and its auth stay in the service. */
export function createIntegrationActivities({ platform }: { platform: Platform }): IntegrationActivities {
  return {
    checkIntegrationHealth: (orgId, integrationId, trigger) =>
      runScheduledCheck(systemContext(platform, orgId), integrationId, trigger),
  };
}
