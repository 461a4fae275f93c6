import type { Db } from '../../db/client.js';
import { refreshSessions } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { issueAccessToken } from './access-tokens.js';
import type { AuthDeps, RequestMeta, TokenPair } from './auth-deps.js';
import { newRefreshToken } from './refresh-tokens.js';

/** Stores a new refresh token (a new family unless one is given) and signs a fresh access token. */
export async function issueSession(
  tx: Db,
  deps: AuthDeps,
  who: { userId: string; orgId: string; familyId?: string },
  meta: RequestMeta,
): Promise<TokenPair> {
  const refresh = newRefreshToken();
  await tx.insert(refreshSessions).values({
    id: newId('ses'),
    orgId: who.orgId,
    userId: who.userId,
    familyId: who.familyId ?? newId('sfm'),
    tokenHash: refresh.hash,
    expiresAt: new Date(Date.now() + deps.refreshTtlSeconds * 1000),
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    ip: meta.ip,
  });
  const access = await issueAccessToken(deps.secrets, deps.tokens, { userId: who.userId, orgId: who.orgId });
  return {
    access_token: access.token,
    refresh_token: refresh.token,
    token_type: 'bearer',
    expires_in: access.expiresIn,
  };
}
