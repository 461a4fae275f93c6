import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { AuthDeps, RequestMeta, TokenPair } from './auth-deps.js';
import { enforceLoginLimits } from './auth-limits.js';
import { issueSession } from './issue-session.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';

/** One answer for every failure, so the endpoint never tells which emails have accounts. */
const invalidCredentials = () => new ApiError('invalid_credentials', 'Invalid email or password');

export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  await enforceLoginLimits(deps, email, meta.ip);

  const [user] = await deps.db
    .select({ id: users.id, orgId: users.orgId, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  // Verify against a decoy when the user is unknown so both cases cost one argon2 verification.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !passwordOk || user.status !== 'active') throw invalidCredentials();

  return deps.db.transaction(async (tx) => {
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    const audit = {
      orgId: user.orgId,
      actor: { type: 'user' as const, id: user.id },
      requestId: meta.requestId,
      clientRequestId: meta.clientRequestId,
      ip: meta.ip,
    };
    await recordAudit(tx, audit, { action: 'auth.login', resourceType: 'user', resourceId: user.id });
    return issueSession(tx, deps, { userId: user.id, orgId: user.orgId }, meta);
  });
}
