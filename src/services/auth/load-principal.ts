import { eq, isNull } from 'drizzle-orm';
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
  const [user] = await db
    .select({ id: users.id, orgId: users.orgId, status: users.status })
    .from(users)
    .where(inOrg(users, claims.orgId, eq(users.id, claims.userId), isNull(users.deletedAt)));
  if (user?.status !== 'active') return null;
  const rows = await db
    .selectDistinct({ key: rolePermissions.permissionKey })
    .from(userRoles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(inOrg(userRoles, user.orgId, eq(userRoles.userId, user.id)));
  return {
    userId: user.id,
    orgId: user.orgId,
    permissions: new Set(rows.map((r) => r.key).filter(isPermission)),
  };
}
