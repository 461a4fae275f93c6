import { eq } from 'drizzle-orm';
import { organizations, roles, userRoles, users } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { assertFound, type ServiceContext } from '../context.js';

export async function getCurrentUser(ctx: ServiceContext) {
  const [row] = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
      orgId: organizations.id,
      orgName: organizations.name,
      orgSlug: organizations.slug,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(inOrg(users, ctx.orgId, eq(users.id, ctx.actor.id ?? '')));
  const user = assertFound(row, 'User');
  const roleRows = await ctx.db
    .select({ id: roles.id, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inOrg(userRoles, ctx.orgId, eq(userRoles.userId, user.id)));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    status: user.status,
    created_at: user.createdAt.toISOString(),
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
    organization: { id: user.orgId, name: user.orgName, slug: user.orgSlug },
    roles: roleRows,
    permissions: [...ctx.permissions].sort(),
  };
}
