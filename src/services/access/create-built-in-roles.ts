import type { Db } from '../../db/client.js';
import { rolePermissions, roles } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { BUILT_IN_ROLES } from './catalogue.js';

/** Gives a new organization its copy of the built-in roles; returns their ids by name. */
export async function createBuiltInRoles(tx: Db, orgId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const roleRows = Object.entries(BUILT_IN_ROLES).map(([name, role]) => {
    const id = newId('rol');
    ids.set(name, id);
    return { id, orgId, name, description: role.description, builtIn: true };
  });
  await tx.insert(roles).values(roleRows);
  await tx
    .insert(rolePermissions)
    .values(
      Object.entries(BUILT_IN_ROLES).flatMap(([name, role]) =>
        role.permissions.map((permissionKey) => ({ orgId, roleId: ids.get(name) as string, permissionKey })),
      ),
    );
  return ids;
}
