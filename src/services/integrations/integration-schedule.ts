import { ScheduleNotFoundError, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';
import { ConveyorOrgId } from '../../temporal/search-attributes.js';
import type { IntegrationHealthRequest } from '../../workflows/integration-health.js';
import type { ServiceContext } from '../context.js';
import type { IntegrationRow } from './integration-resource.js';

/** As exported by src/workflows/integration-health.ts (a name here: the API never loads workflow code). */
export const INTEGRATION_HEALTH_WORKFLOW_TYPE = 'integrationHealthWorkflow';

const SCHEDULE_PREFIX = 'integration-health:';

/**
 * The Temporal Schedule of an integration's periodic checks, one per integration, named after it;
 * each check it starts is a workflow `integration-health:<integrationId>-<time>` (Temporal appends
 * the time), which the codec's ownership check reads back (services/codec/payload-owners.ts).
 */
export const integrationScheduleId = (integrationId: string) => `${SCHEDULE_PREFIX}${integrationId}`;

/** The integration id in a schedule's or check workflow's id, if it is one. */
export const INTEGRATION_HEALTH_RUN = /^integration-health:(int_[0-9A-Z]+)/;

function spec(row: IntegrationRow) {
  return { intervals: [{ every: row.intervalSeconds * 1000 }] };
}

function action(row: IntegrationRow, taskQueue: string) {
  const args: [IntegrationHealthRequest] = [{ orgId: row.orgId, integrationId: row.id }];
  return {
    type: 'startWorkflow' as const,
    workflowType: INTEGRATION_HEALTH_WORKFLOW_TYPE,
    workflowId: integrationScheduleId(row.id),
    taskQueue,
    args,
    typedSearchAttributes: [{ key: ConveyorOrgId, value: row.orgId }],
    staticSummary: `Health check of integration ${row.name}`,
  };
}

// A check still running when the next is due is not doubled: the next one is skipped.
const policies = { overlap: 'SKIP' as const };

const note = (ctx: ServiceContext, enabled: boolean) =>
  `${enabled ? 'Enabled' : 'Disabled'} in Conveyor by ${ctx.actor.id ?? ctx.actor.type}`;

export function createScheduleOptions(ctx: ServiceContext, row: IntegrationRow): ScheduleOptions {
  return {
    scheduleId: integrationScheduleId(row.id),
    spec: spec(row),
    action: action(row, ctx.temporal.taskQueue),
    policies,
    state: { paused: !row.enabled, ...(row.enabled ? {} : { note: note(ctx, false) }) },
    typedSearchAttributes: [{ key: ConveyorOrgId, value: row.orgId }],
  };
}

/** Brings the integration's Schedule in line with its row: period, name, paused when disabled. */
export async function syncIntegrationSchedule(ctx: ServiceContext, row: IntegrationRow): Promise<void> {
  const handle = ctx.temporal.client.schedule.getHandle(integrationScheduleId(row.id));
  try {
    await handle.update(
      (previous): ScheduleUpdateOptions => ({
        spec: spec(row),
        action: action(row, ctx.temporal.taskQueue),
        policies,
        state: {
          paused: !row.enabled,
          note: previous.state.paused === !row.enabled ? previous.state.note : note(ctx, row.enabled),
          remainingActions: previous.state.remainingActions,
        },
      }),
    );
  } catch (error) {
    // Lost in Temporal (a reset dev server): saving the integration recreates it.
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await ctx.temporal.client.schedule.create(createScheduleOptions(ctx, row));
  }
}

export async function deleteIntegrationSchedule(ctx: ServiceContext, integrationId: string): Promise<void> {
  try {
    await ctx.temporal.client.schedule.getHandle(integrationScheduleId(integrationId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}
