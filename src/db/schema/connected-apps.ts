import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deletedAt, idColumn, jsonb, orgIdColumn, updatedAt } from './columns.js';
import { credentials } from './credentials.js';
import { organizations, users } from './tenancy.js';

export const CONNECTED_APP_STATUSES = ['pending', 'connected', 'needs_reauth', 'revoked'] as const;
export type ConnectedAppStatus = (typeof CONNECTED_APP_STATUSES)[number];

/**
 * An organization's link to an OAuth 2.0 provider. The app's client secret and its tokens are
 * credentials (`client_credential_id`, `token_credential_id`); this row holds what is not secret:
 * the provider, its endpoints, scopes, the connected account, and the test and sync settings.
 */
export const connectedApps = pgTable(
  'connected_apps',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    name: text('name').notNull(),
    /** A key of the provider catalogue (config), or `generic`. */
    provider: text('provider').notNull(),
    status: text('status', { enum: CONNECTED_APP_STATUSES }).notNull().default('pending'),
    /** The provider's endpoints as resolved at creation (catalogue preset or discovery). */
    endpoints: jsonb('endpoints').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    clientId: text('client_id').notNull(),
    clientCredentialId: text('client_credential_id').references(() => credentials.id),
    tokenCredentialId: text('token_credential_id').references(() => credentials.id),
    scopes: jsonb('scopes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Test URL, sync request and other per-app settings. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Who the tokens act for, as the provider's userinfo or token response said. */
    account: jsonb('account').$type<Record<string, unknown>>(),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    lastRefreshedAt: timestamp('last_refreshed_at', { withTimezone: true }),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex('connected_apps_org_name_key').on(t.orgId, t.name).where(sql`${t.deletedAt} is null`),
    index('connected_apps_org_idx').on(t.orgId, t.createdAt.desc()),
  ],
);

/**
 * One authorization attempt's `state`: bound to the user and organization that began it,
 * single-use (`used_at`) and expiring. Only its SHA-256 is stored; the PKCE verifier is sealed.
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    stateHash: text('state_hash').primaryKey(),
    orgId: orgIdColumn().references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    connectedAppId: text('connected_app_id')
      .notNull()
      .references(() => connectedApps.id),
    codeVerifierCiphertext: text('code_verifier_ciphertext').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('oauth_states_app_idx').on(t.orgId, t.connectedAppId)],
);

export const CONNECTED_APP_EVENT_KINDS = [
  'authorization_started',
  'connected',
  'token_refreshed',
  'refresh_failed',
  'revoked',
  'tested',
  'test_failed',
  'sync_started',
  'sync_completed',
  'sync_failed',
] as const;
export type ConnectedAppEventKind = (typeof CONNECTED_APP_EVENT_KINDS)[number];

/** The app's log: token events and sync runs (`GET /connected-apps/{id}/logs`, keyset-paged). */
export const connectedAppEvents = pgTable(
  'connected_app_events',
  {
    id: idColumn(),
    orgId: orgIdColumn().references(() => organizations.id),
    connectedAppId: text('connected_app_id')
      .notNull()
      .references(() => connectedApps.id),
    kind: text('kind', { enum: CONNECTED_APP_EVENT_KINDS }).notNull(),
    /** What happened, never a token: status codes, scopes, a sync's kept result (capped). */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** The Temporal workflow that did it (refresh, sync), to open in the Web UI. */
    workflowId: text('workflow_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('connected_app_events_app_idx').on(t.orgId, t.connectedAppId, t.createdAt.desc(), t.id.desc()),
  ],
);
