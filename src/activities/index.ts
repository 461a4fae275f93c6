import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import type { TenantLimits } from '../services/tenant-limits.js';
import type { TemporalHandle } from '../temporal/client.js';
import { createAgentTaskActivities } from './agent-tasks.js';
import { createApprovalActivities } from './approvals.js';
import { createCancelEscalationActivities } from './cancel-escalation.js';
import { createExpressionActivities } from './expressions.js';
import { createHttpActivities } from './http.js';
import { createPingActivities } from './ping.js';
import { createReadModelActivities } from './read-model.js';
import { createScheduleActivities } from './schedules.js';
import { createSubWorkflowActivities } from './sub-workflow.js';

export interface ActivityDeps {
  db: Db;
  /** For activities that start runs (event triggers) or complete other activities. */
  temporal: TemporalHandle;
  readModel: ReadModelWriter;
  logger: Logger;
  /** Seals agent tasks' Temporal task tokens at rest. */
  masterKey: Buffer;
  /** Every request to a user-given address goes through it. */
  outbound: OutboundGuard;
  /** What one organization may use (sub-workflow children count as runs); the defaults when unset. */
  limits?: TenantLimits;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(),
    ...createHttpActivities({ outbound: deps.outbound }),
    ...createExpressionActivities(),
    ...createReadModelActivities({
      db: deps.db,
      writer: deps.readModel,
      temporal: deps.temporal,
      logger: deps.logger,
    }),
    ...createSubWorkflowActivities({ db: deps.db, limits: deps.limits }),
    ...createApprovalActivities(deps),
    ...createCancelEscalationActivities(deps),
    ...createAgentTaskActivities(deps),
    ...createScheduleActivities({ db: deps.db }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
