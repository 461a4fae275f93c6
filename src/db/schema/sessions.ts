import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, orgIdColumn } from './columns.js';
import { organizations, users } from './tenancy.js';

/**
 * One row per refresh token ever issued. A login starts a family; each refresh replaces the
 * presented token with a new row of the same family. Presenting a replaced token again means it
 * leaked, so the whole family is revoked.
 */
export const refreshSessions = pgTable(
  'refresh_sessions',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('refresh_sessions_org_user_idx').on(t.orgId, t.userId),
    index('refresh_sessions_family_idx').on(t.familyId),
  ],
);
