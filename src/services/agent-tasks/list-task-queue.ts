import { eq, type SQL } from 'drizzle-orm';
import { type AgentTaskStatus, agentTasks } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import type { PageQuery } from '../lists/page-query.js';
import { taskPage } from './task-page.js';

export interface TaskQueueQuery extends PageQuery {
  /** Default `pending`: the queue proper. */
  status?: AgentTaskStatus;
  taskType?: string;
}

/** The organization's agent tasks in the order robots take them, oldest first. */
export async function listTaskQueue(ctx: ServiceContext, query: TaskQueueQuery) {
  requirePermission(ctx, 'agents:read');
  const conditions: SQL[] = [eq(agentTasks.status, query.status ?? 'pending')];
  if (query.taskType) conditions.push(eq(agentTasks.taskType, query.taskType));
  return taskPage(ctx, conditions, 'agent_task_queue', query);
}
