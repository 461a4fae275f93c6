import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { type RequestContext, withDb } from '../context.js';
import { enforceLoginLimits } from './auth-limits.js';
import { issueSession } from './issue-session.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import type { TokenPair } from './token-pair.js';

/** One answer for every failure, so the endpoint never tells which emails have accounts. */
const invalidCredentials = () => new ApiError('invalid_credentials', 'Invalid email or password');

export async function login(
  ctx: RequestContext,
  input: { email: string; password: string },
): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  await enforceLoginLimits(ctx, email);

  // tenancy: cross-tenant — before login there is no org yet: emails are unique across all of them
  const [user] = await ctx.db
    .select({ id: users.id, orgId: users.orgId, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  // Verify against a decoy when the user is unknown so both cases cost one argon2 verification.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !passwordOk || user.status !== 'active') throw invalidCredentials();

  return ctx.db.transaction(async (tx) => {
    await updateInOrg(tx, users, user.orgId, eq(users.id, user.id), { lastLoginAt: new Date() });
    const audit = {
      orgId: user.orgId,
      actor: { type: 'user' as const, id: user.id },
      requestId: ctx.requestId,
      clientRequestId: ctx.clientRequestId,
      ip: ctx.ip,
    };
    await recordAudit(tx, audit, { action: 'auth.login', resourceType: 'user', resourceId: user.id });
    return issueSession(withDb(ctx, tx), { userId: user.id, orgId: user.orgId });
  });
}
