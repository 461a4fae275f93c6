import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { organizations } from './tenancy.js';

export const CREDENTIAL_TYPES = [
  'api_key',
  'basic_auth',
  'bearer_token',
  'oauth2_client_credentials',
  'json',
  /** Tokens a connected app holds (written by the OAuth callback and refreshes, never by hand). */
  'oauth2_tokens',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/**
 * A secret an organization's steps use by name. The value is envelope-encrypted
 * (lib/keys/envelope.ts): `ciphertext` under a per-record data key, `wrapped_key` under master key
 * `key_version`. `settings` holds the type's parts that are not secret (an API key's header name, a
 * client's token URL), so lists can show them without decrypting anything.
 */
export const credentials = pgTable(
  'credentials',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    type: text('type', { enum: CREDENTIAL_TYPES }).notNull(),
    description: text('description').notNull().default(''),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    keyVersion: integer('key_version').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    ciphertext: text('ciphertext').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('credentials_org_name_key').on(t.orgId, t.name).where(sql`${t.deletedAt} is null`),
    index('credentials_org_idx').on(t.orgId, t.createdAt.desc()),
    // keys:rotate walks the rows still wrapped under an older master key.
    index('credentials_key_version_idx').on(t.keyVersion),
  ],
);
