import { eq, type SQL } from 'drizzle-orm';
import { type AgentTaskStatus, agentTasks } from '../../db/schema/index.js';
import { findAgent } from '../agents/find-agent.js';
import { requirePermission, type ServiceContext } from '../context.js';
import type { PageQuery } from '../lists/page-query.js';
import { taskPage } from './task-page.js';

export interface AssignedTasksQuery extends PageQuery {
  status?: AgentTaskStatus;
}

/** The tasks an agent has claimed (held now, or finished), newest first. */
export async function listAssignedTasks(ctx: ServiceContext, agentId: string, query: AssignedTasksQuery) {
  requirePermission(ctx, 'agents:read');
  const agent = await findAgent(ctx.db, ctx.orgId, agentId);
  const conditions: SQL[] = [eq(agentTasks.agentId, agent.id)];
  if (query.status) conditions.push(eq(agentTasks.status, query.status));
  return taskPage(ctx, conditions, 'agent_tasks_assigned', query);
}
