import { refreshSessions } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import type { RequestContext } from '../context.js';
import { issueAccessToken } from './access-tokens.js';
import { newRefreshToken } from './refresh-tokens.js';
import type { TokenPair } from './token-pair.js';

/**
 * Stores a new refresh token (a new family unless one is given) and signs a fresh access token.
 * `ctx.db` is the caller's transaction, so the session commits with what granted it.
 */
export async function issueSession(
  ctx: RequestContext,
  who: { userId: string; orgId: string; familyId?: string },
): Promise<TokenPair> {
  const refresh = newRefreshToken();
  await ctx.db.insert(refreshSessions).values({
    id: newId('ses'),
    orgId: who.orgId,
    userId: who.userId,
    familyId: who.familyId ?? newId('sfm'),
    tokenHash: refresh.hash,
    expiresAt: new Date(Date.now() + ctx.config.auth.refreshTtlSeconds * 1000),
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    ip: ctx.ip,
  });
  const access = await issueAccessToken(ctx.secrets, ctx.config.auth.tokens, {
    userId: who.userId,
    orgId: who.orgId,
  });
  return {
    access_token: access.token,
    refresh_token: refresh.token,
    token_type: 'bearer',
    expires_in: access.expiresIn,
  };
}
