import { customType, text, timestamp } from 'drizzle-orm/pg-core';
import { storableJsonText, storableText } from '../../lib/storable-text.js';

/** Shared column builders so every table spells ids and times the same way. */
export const idColumn = () => text('id').primaryKey();
export const orgIdColumn = () => text('org_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const deletedAt = () => timestamp('deleted_at', { withTimezone: true });

/**
 * Every `jsonb` column. Values a run produces reach these columns unchecked (a transform can make
 * a NUL), so each string is stored with what PostgreSQL refuses replaced by U+FFFD (see
 * lib/storable-text.ts) instead of the statement failing. The API refuses such text up front.
 */
export const jsonb = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'jsonb',
  toDriver: storableJsonText,
  // The drivers parse jsonb themselves, so a string here is a JSON string value, as drizzle's own
  // jsonb column treats it: parsed when it is JSON text, else kept.
  fromDriver: (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
});

/** A `text` column that holds text a run produces (a log message, a rendered title): made storable. */
export const runText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: storableText,
});
