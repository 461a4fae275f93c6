import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { permissions, rolePermissions, roles } from '../../db/schema/index.js';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, PERMISSIONS } from './catalogue.js';

/**
 * Makes the database's permission table and every organization's built-in roles match the
 * catalogue in code. Idempotent; runs after migrations.
 */
export async function syncPermissionCatalogue(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = ALL_PERMISSIONS.map((key) => {
      const [resource = key, action = ''] = key.split(':');
      return { key, resource, action, description: PERMISSIONS[key] };
    });
    await tx
      .insert(permissions)
      .values(rows)
      .onConflictDoUpdate({ target: permissions.key, set: { description: sql`excluded.description` } });
    // tenancy: cross-tenant — setup after migrations: a permission dropped from code leaves every org's roles
    await tx.delete(rolePermissions).where(notInArray(rolePermissions.permissionKey, ALL_PERMISSIONS));
    await tx.delete(permissions).where(notInArray(permissions.key, ALL_PERMISSIONS));

    for (const [name, role] of Object.entries(BUILT_IN_ROLES)) {
      const keys = [...role.permissions];
      const matching = and(eq(roles.builtIn, true), eq(roles.name, name));
      const keyArray = sql`array[${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )}]::text[]`;
      // One statement for all organizations: the installation may hold thousands of them.
      await tx.execute(sql`
        insert into role_permissions (org_id, role_id, permission_key)
        select r.org_id, r.id, k from roles r cross join unnest(${keyArray}) as k
        where r.built_in and r.name = ${name}
        on conflict do nothing`);
      // tenancy: cross-tenant — setup after migrations: built-in roles match the catalogue in every org
      await tx
        .delete(rolePermissions)
        .where(
          and(
            inArray(rolePermissions.roleId, tx.select({ id: roles.id }).from(roles).where(matching)),
            notInArray(rolePermissions.permissionKey, keys),
          ),
        );
    }
  });
}
