import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rolePermissions, userRoles, users } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { isPermission, type Permission } from '../access/catalogue.js';

export interface Principal {
  userId: string;
  orgId: string;
  permissions: ReadonlySet<Permission>;
}

/**
 * Resolves a verified token's subject to a live user and their current permissions. Read per
 * request, so a disabled user or a changed role takes effect at once, not when the token expires.
 */
export async function loadPrincipal(
  db: Db,
  claims: { userId: string; orgId: string },
): Promise<Principal | null> {
  // One round trip on every authenticated request: the user and their roles' permissions together.
  const [user] = await db
    .select({
      id: users.id,
      orgId: users.orgId,
      status: users.status,
      permissions: sql<string[] | null>`array_agg(distinct ${rolePermissions.permissionKey})`,
    })
    .from(users)
    .leftJoin(userRoles, and(eq(userRoles.orgId, users.orgId), eq(userRoles.userId, users.id)))
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(inOrg(users, claims.orgId, eq(users.id, claims.userId), isNull(users.deletedAt)))
    .groupBy(users.id, users.orgId, users.status);
  if (user?.status !== 'active') return null;
  return {
    userId: user.id,
    orgId: user.orgId,
    // A user without roles aggregates to {NULL}.
    permissions: new Set((user.permissions ?? []).filter(isPermission)),
  };
}
