import { and, eq, gt, isNull } from 'drizzle-orm';
import { refreshSessions, users } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { AuthDeps, RequestMeta, TokenPair } from './auth-deps.js';
import { issueSession } from './issue-session.js';
import { hashRefreshToken } from './refresh-tokens.js';

const invalidRefresh = () => new ApiError('invalid_refresh_token', 'Invalid or expired refresh token');

/**
 * Exchanges a refresh token for a new pair. The presented token is marked replaced in the same
 * statement that checks it, so two concurrent uses cannot both succeed. Presenting a token that
 * was already replaced or revoked means it was copied: the whole family is revoked.
 */
export async function refreshSession(
  deps: AuthDeps,
  refreshToken: string,
  meta: RequestMeta,
): Promise<TokenPair> {
  const tokenHash = hashRefreshToken(refreshToken);
  const outcome = await deps.db.transaction(async (tx) => {
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
        .where(eq(users.id, current.userId));
      if (user?.status !== 'active' || user.deletedAt) return { kind: 'invalid' as const };
      const audit = { orgId: current.orgId, actor: { type: 'user' as const, id: current.userId }, ...meta };
      await recordAudit(tx, audit, {
        action: 'auth.refresh',
        resourceType: 'session',
        resourceId: current.familyId,
      });
      const tokens = await issueSession(
        tx,
        deps,
        { userId: current.userId, orgId: current.orgId, familyId: current.familyId },
        meta,
      );
      return { kind: 'ok' as const, tokens };
    }

    const [seen] = await tx.select().from(refreshSessions).where(eq(refreshSessions.tokenHash, tokenHash));
    if (!seen || (!seen.replacedAt && !seen.revokedAt)) return { kind: 'invalid' as const };
    if (seen.replacedAt) {
      await tx
        .update(refreshSessions)
        .set({ revokedAt: new Date(), revokedReason: 'reuse_detected' })
        .where(and(eq(refreshSessions.familyId, seen.familyId), isNull(refreshSessions.revokedAt)));
      const audit = { orgId: seen.orgId, actor: { type: 'user' as const, id: seen.userId }, ...meta };
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
