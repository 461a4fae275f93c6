import { and, desc, eq } from 'drizzle-orm';
import { aiConversations, aiConversationTurns } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import type { ServiceContext } from '../context.js';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** A rough count for text not yet sent (about four characters a token), for the history budget. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** A new, empty conversation of the user's. */
export async function createConversation(ctx: ServiceContext, userId: string): Promise<string> {
  const id = newId('conv');
  await ctx.db.insert(aiConversations).values({ id, orgId: ctx.orgId, userId, createdAt: ctx.clock() });
  return id;
}

/** Whether the conversation is this user's in this organization: any other is as if it did not exist. */
export async function conversationOwned(ctx: ServiceContext, userId: string, id: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: aiConversations.id })
    .from(aiConversations)
    .where(inOrg(aiConversations, ctx.orgId, eq(aiConversations.id, id), eq(aiConversations.userId, userId)));
  return row !== undefined;
}

/**
 * The conversation's latest turns, oldest first, within `tokenBudget`: whole question-and-answer
 * pairs are dropped from the oldest on, so the history always opens with a question.
 */
export async function conversationHistory(
  ctx: ServiceContext,
  conversationId: string,
  tokenBudget: number,
): Promise<Turn[]> {
  const rows = await ctx.db
    .select({
      runId: aiConversationTurns.runId,
      role: aiConversationTurns.role,
      content: aiConversationTurns.content,
      tokens: aiConversationTurns.tokens,
    })
    .from(aiConversationTurns)
    .where(inOrg(aiConversationTurns, ctx.orgId, eq(aiConversationTurns.conversationId, conversationId)))
    .orderBy(desc(aiConversationTurns.createdAt), desc(aiConversationTurns.id))
    // Far more than any budget keeps; bounds the read of a very long conversation.
    .limit(2000);
  const pairs = new Map<string, { user?: (typeof rows)[number]; assistant?: (typeof rows)[number] }>();
  for (const row of rows) {
    const pair = pairs.get(row.runId) ?? {};
    pair[row.role] = row;
    pairs.set(row.runId, pair);
  }
  const kept: Turn[][] = [];
  let spent = 0;
  // Map order is insertion order: newest run first.
  for (const { user, assistant } of pairs.values()) {
    if (!user || !assistant) continue;
    spent += user.tokens + assistant.tokens;
    if (spent > tokenBudget) break;
    kept.push([
      { role: 'user', content: user.content },
      { role: 'assistant', content: assistant.content },
    ]);
  }
  return kept.reverse().flat();
}

/** Adds a run's question and answer; the same run adding them again (a retried activity) changes nothing. */
export async function appendTurns(
  ctx: ServiceContext,
  conversationId: string,
  runId: string,
  question: { content: string; tokens: number },
  answer: { content: string; tokens: number },
): Promise<void> {
  const at = ctx.clock();
  await ctx.db
    .insert(aiConversationTurns)
    .values([
      {
        id: newId('turn'),
        orgId: ctx.orgId,
        conversationId,
        runId,
        role: 'user',
        ...question,
        createdAt: at,
      },
      {
        id: newId('turn'),
        orgId: ctx.orgId,
        conversationId,
        runId,
        role: 'assistant',
        ...answer,
        createdAt: at,
      },
    ])
    .onConflictDoNothing({
      target: [aiConversationTurns.conversationId, aiConversationTurns.runId, aiConversationTurns.role],
    });
}

/** Removes a conversation's turns (it stays, empty); how many there were. */
export async function deleteTurns(ctx: ServiceContext, conversationId: string): Promise<number> {
  const removed = await ctx.db
    .delete(aiConversationTurns)
    .where(inOrg(aiConversationTurns, ctx.orgId, and(eq(aiConversationTurns.conversationId, conversationId))))
    .returning({ id: aiConversationTurns.id });
  return removed.length;
}
