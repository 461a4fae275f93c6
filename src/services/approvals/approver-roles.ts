import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { roles, userRoles } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';

/** The names of a user's roles in the organization: approvers are named by user id or role name. */
export async function roleNamesOf(db: Db, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ name: roles.name })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.orgId, userRoles.orgId)))
    .where(inOrg(userRoles, orgId, eq(userRoles.userId, userId)));
  return rows.map((row) => row.name);
}

/** The current members of the named roles, to tell them a request waits for them. */
export async function memberIdsOfRoles(db: Db, orgId: string, roleNames: string[]): Promise<string[]> {
  if (roleNames.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: userRoles.userId })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.orgId, userRoles.orgId)))
    .where(inOrg(userRoles, orgId, inArray(roles.name, roleNames)));
  return rows.map((row) => row.userId).sort();
}
