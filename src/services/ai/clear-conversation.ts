import { eq } from 'drizzle-orm';
import { aiConversations } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import { requirePermission, type ServiceContext, withDb } from '../context.js';
import { conversationOwned, deleteTurns } from './conversations.js';

export interface ClearedConversation {
  conversation_id: string;
  removed_turns: number;
  cleared_at: string;
}

/**
 * Empties one of the caller's conversations: its turns are deleted, so the next /ai/ask with it
 * starts afresh. Another user's conversation, or another organization's, is 404.
 */
export async function clearConversation(ctx: ServiceContext, id: string): Promise<ClearedConversation> {
  requirePermission(ctx, 'ai:use');
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  if (!userId || !(await conversationOwned(ctx, userId, id))) throw notFound('Conversation');
  const at = ctx.clock();
  const removed = await ctx.db.transaction(async (tx) => {
    const count = await deleteTurns(withDb(ctx, tx), id);
    await updateInOrg(tx, aiConversations, ctx.orgId, eq(aiConversations.id, id), { clearedAt: at });
    return count;
  });
  return { conversation_id: id, removed_turns: removed, cleared_at: at.toISOString() };
}
