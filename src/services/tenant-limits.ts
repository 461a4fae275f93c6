import type { Config } from '../config.js';

/**
 * What one organization may use of what every organization shares (workers, Temporal, the
 * database), from the configuration. Plans will set these per organization later; today they are
 * the same for all. Services read them from their context (`ctx.config.limits`).
 */
export interface TenantLimits {
  /** Runs running at once (sub-workflow children included). */
  maxRunningExecutions: number;
  /** Schedules, paused ones included. */
  maxSchedules: number;
  /** The shortest period a schedule may fire at (interval, or a cron with a seconds field). */
  minScheduleIntervalSeconds: number;
  /** The shortest period an integration's health checks may run at. */
  minIntegrationIntervalSeconds: number;
}

export function tenantLimits(
  config: Pick<
    Config,
    | 'MAX_RUNNING_EXECUTIONS_PER_ORG'
    | 'MAX_SCHEDULES_PER_ORG'
    | 'SCHEDULE_MIN_INTERVAL_SECONDS'
    | 'INTEGRATION_MIN_INTERVAL_SECONDS'
  >,
): TenantLimits {
  return {
    maxRunningExecutions: config.MAX_RUNNING_EXECUTIONS_PER_ORG,
    maxSchedules: config.MAX_SCHEDULES_PER_ORG,
    minScheduleIntervalSeconds: config.SCHEDULE_MIN_INTERVAL_SECONDS,
    minIntegrationIntervalSeconds: config.INTEGRATION_MIN_INTERVAL_SECONDS,
  };
}
