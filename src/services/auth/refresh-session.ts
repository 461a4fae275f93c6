import { and, eq, gt, isNull } from 'drizzle-orm';
import { refreshSessions, users } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { type RequestContext, withDb } from '../context.js';
import { issueSession } from './issue-session.js';
import { hashRefreshToken } from './refresh-tokens.js';
import type { TokenPair } from './token-pair.js';

const invalidRefresh = () => new ApiError('invalid_refresh_token', 'Invalid or expired refresh token');

/**
 * Exchanges a refresh token for a new pair. The presented token is marked replaced in the same
 * statement that checks it, so two concurrent uses cannot both succeed. Presenting a token that
 * was already replaced or revoked means it was copied: the whole family is revoked.
 */
export async function refreshSession(ctx: RequestContext, refreshToken: string): Promise<TokenPair> {
  const tokenHash = hashRefreshToken(refreshToken);
  const outcome = await ctx.db.transaction(async (tx) => {
    // tenancy: cross-tenant — the token is all the caller has; its row names the org it belongs to
    const [current] = await tx
      .update(refreshSessions)
      .set({ replacedAt: new Date() })
      .where(
        and(
          eq(refreshSessions.tokenHash, tokenHash),
          isNull(refreshSessions.replacedAt),
          isNull(refreshSessions.revokedAt),
          gt(refreshSessions.expiresAt, new Date()),
        ),
      )
      .returning();
    if (current) {
      const [user] = await tx
        .select({ status: users.status, deletedAt: users.deletedAt })
        .from(users)
        .where(inOrg(users, current.orgId, eq(users.id, current.userId)));
      if (user?.status !== 'active' || user.deletedAt) return { kind: 'invalid' as const };
      const audit = { orgId: current.orgId, actor: { type: 'user' as const, id: current.userId }, ...ctx };
      await recordAudit(tx, audit, {
        action: 'auth.refresh',
        resourceType: 'session',
        resourceId: current.familyId,
      });
      const tokens = await issueSession(withDb(ctx, tx), {
        userId: current.userId,
        orgId: current.orgId,
        familyId: current.familyId,
      });
      return { kind: 'ok' as const, tokens };
    }

    // tenancy: cross-tenant — as above, the token is all the caller has
    const [seen] = await tx.select().from(refreshSessions).where(eq(refreshSessions.tokenHash, tokenHash));
    if (!seen || (!seen.replacedAt && !seen.revokedAt)) return { kind: 'invalid' as const };
    if (seen.replacedAt) {
      await tx
        .update(refreshSessions)
        .set({ revokedAt: new Date(), revokedReason: 'reuse_detected' })
        .where(
          inOrg(
            refreshSessions,
            seen.orgId,
            eq(refreshSessions.familyId, seen.familyId),
            isNull(refreshSessions.revokedAt),
          ),
        );
      const audit = { orgId: seen.orgId, actor: { type: 'user' as const, id: seen.userId }, ...ctx };
      await recordAudit(tx, audit, {
        action: 'auth.refresh_reuse_detected',
        resourceType: 'session',
        resourceId: seen.familyId,
      });
      return { kind: 'reused' as const };
    }
    return { kind: 'invalid' as const };
  });

  if (outcome.kind === 'ok') return outcome.tokens;
  if (outcome.kind === 'reused') {
    throw new ApiError(
      'refresh_token_reused',
      'Refresh token was already used; all sessions of this login are revoked',
    );
  }
  throw invalidRefresh();
}
