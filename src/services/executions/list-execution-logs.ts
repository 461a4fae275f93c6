import { asc, eq, gt, inArray } from 'drizzle-orm';
import { executionLogs, LOG_LEVELS, type LogLevel } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { sequenceKey } from '../lists/cursor-keys.js';
import { keysetPage } from '../lists/keyset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { findExecution } from './find-execution.js';

export interface ListLogsQuery extends PageQuery {
  /** Minimum level: `warn` returns warnings and errors. */
  level?: LogLevel;
  stepId?: string;
  /** Entries after this log id, for tailing a running execution. */
  after?: number;
}

/** An execution's log entries in the order they were written (the id is a sequence). */
export async function listExecutionLogs(ctx: ServiceContext, id: string, query: ListLogsQuery) {
  requirePermission(ctx, 'executions:read');
  await findExecution(ctx, id);
  const filters = [
    eq(executionLogs.executionId, id),
    query.level ? inArray(executionLogs.level, LOG_LEVELS.slice(LOG_LEVELS.indexOf(query.level))) : undefined,
    query.stepId ? eq(executionLogs.stepId, query.stepId) : undefined,
    query.after !== undefined ? gt(executionLogs.id, query.after) : undefined,
  ];
  const page = await keysetPage(query, {
    list: 'execution_logs',
    key: sequenceKey,
    rows: ({ after, limit, offset }) =>
      ctx.db
        .select()
        .from(executionLogs)
        .where(
          inOrg(
            executionLogs,
            ctx.orgId,
            ...filters,
            after === undefined ? undefined : gt(executionLogs.id, after),
          ),
        )
        .orderBy(asc(executionLogs.id))
        .limit(limit)
        .offset(offset),
    keyOf: (log) => log.id,
    total: () => countRows(ctx.db, executionLogs, inOrg(executionLogs, ctx.orgId, ...filters)),
  });
  return {
    ...page,
    items: page.items.map((log) => ({
      id: log.id,
      at: log.at.toISOString(),
      level: log.level,
      step_id: log.stepId,
      message: log.message,
      data: log.data ?? null,
    })),
  };
}
