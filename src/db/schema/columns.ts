import { text, timestamp } from 'drizzle-orm/pg-core';

/** Shared column builders so every table spells ids and times the same way. */
export const idColumn = () => text('id').primaryKey();
export const orgIdColumn = () => text('org_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const deletedAt = () => timestamp('deleted_at', { withTimezone: true });
