import { asc, count, eq, gt, inArray } from 'drizzle-orm';
import { executionLogs, LOG_LEVELS, type LogLevel } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { findExecution } from './find-execution.js';

export interface ListLogsQuery {
  /** Minimum level: `warn` returns warnings and errors. */
  level?: LogLevel;
  stepId?: string;
  /** Entries after this log id, for tailing a running execution. */
  after?: number;
  page: number;
  pageSize: number;
  cursor?: string;
}

/** An execution's log entries in the order they were written (the id is a sequence). */
export async function listExecutionLogs(ctx: ServiceContext, id: string, query: ListLogsQuery) {
  requirePermission(ctx, 'executions:read');
  await findExecution(ctx, id);
  const afterCursor = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
  const filters = [
    eq(executionLogs.executionId, id),
    query.level ? inArray(executionLogs.level, LOG_LEVELS.slice(LOG_LEVELS.indexOf(query.level))) : undefined,
    query.stepId ? eq(executionLogs.stepId, query.stepId) : undefined,
    query.after !== undefined ? gt(executionLogs.id, query.after) : undefined,
  ];
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(executionLogs)
      .where(
        inOrg(
          executionLogs,
          ctx.orgId,
          ...filters,
          afterCursor === undefined ? undefined : gt(executionLogs.id, afterCursor),
        ),
      )
      .orderBy(asc(executionLogs.id))
      .limit(query.pageSize + 1)
      .offset(afterCursor === undefined ? (query.page - 1) * query.pageSize : 0),
    ctx.db
      .select({ n: count() })
      .from(executionLogs)
      .where(inOrg(executionLogs, ctx.orgId, ...filters)),
  ]);
  const items = rows.slice(0, query.pageSize);
  const last = items.at(-1);
  return {
    items: items.map((log) => ({
      id: log.id,
      at: log.at.toISOString(),
      level: log.level,
      step_id: log.stepId,
      message: log.message,
      data: log.data ?? null,
    })),
    total: total?.n ?? 0,
    page: query.page,
    page_size: query.pageSize,
    next_cursor: rows.length > query.pageSize && last ? encodeCursor([last.id]) : null,
  };
}

function decodeLogCursor(cursor: string): number {
  return decodeCursor(cursor, (key) =>
    Array.isArray(key) && key.length === 1 && Number.isSafeInteger(key[0]) ? (key[0] as number) : undefined,
  );
}
