import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, orgIdColumn, updatedAt } from './columns.js';
import { organizations, users } from './tenancy.js';

/** The permission catalogue (`resource:action`), synced from code at migrate time. */
export const permissions = pgTable('permissions', {
  key: text('key').primaryKey(),
  resource: text('resource').notNull(),
  action: text('action').notNull(),
  description: text('description').notNull(),
});

export const roles = pgTable(
  'roles',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Built-in roles are copied into every organization and cannot be edited or deleted. */
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('roles_org_name_key').on(t.orgId, t.name)],
);

export const rolePermissions = pgTable(
  'role_permissions',
  {
    orgId: orgIdColumn().references(() => organizations.id),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permissionKey: text('permission_key')
      .notNull()
      .references(() => permissions.key),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.permissionKey] }),
    index('role_permissions_org_idx').on(t.orgId),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    orgId: orgIdColumn().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.roleId] }),
    index('user_roles_org_role_idx').on(t.orgId, t.roleId),
  ],
);
