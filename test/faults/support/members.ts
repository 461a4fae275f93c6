import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { roles, userRoles, users } from '../../../src/db/schema/index.js';
import { newId } from '../../../src/lib/ids.js';
import { buildSecrets } from '../../../src/secrets.js';
import { issueAccessToken } from '../../../src/services/auth/access-tokens.js';
import type { Account, FaultStack } from './fault-stack.js';

/**
 * Another user of `owner`'s organization holding built-in roles. There is no user-management API
 * yet, so the rows are written directly and a token is signed with the stack's own key (the API
 * process verifies it like any other).
 */
export async function addMember(stack: FaultStack, owner: Account, roleNames: string[]): Promise<Account> {
  const db = stack.database.database.db;
  const userId = newId('usr');
  await db.insert(users).values({
    id: userId,
    orgId: owner.orgId,
    email: `member-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Fault member',
    passwordHash: 'not-a-password',
  });
  const found = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, owner.orgId), inArray(roles.name, roleNames)));
  if (found.length !== roleNames.length) throw new Error(`unknown roles in ${roleNames.join(', ')}`);
  await db.insert(userRoles).values(found.map((role) => ({ orgId: owner.orgId, userId, roleId: role.id })));
  const secrets = await buildSecrets(stack.jwtPrivateKey, stack.masterKey);
  // The API's defaults (JWT_ISSUER, JWT_AUDIENCE): the stack does not override them.
  const { token } = await issueAccessToken(
    secrets,
    { issuer: 'conveyor', audience: 'conveyor-api', accessTtlSeconds: 900 },
    { userId, orgId: owner.orgId },
  );
  return { token, orgId: owner.orgId, userId };
}
