import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { connectedApps } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { AppEndpoints } from './providers.js';

export type ConnectedAppRow = typeof connectedApps.$inferSelect;

/** The request `sync` makes with the app's token. */
export interface SyncRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What `settings` holds: how the app is tested and synced. */
export interface ConnectedAppSettings {
  test_url?: string;
  sync?: SyncRequest;
}

export const settingsOf = (row: ConnectedAppRow) => row.settings as ConnectedAppSettings;
export const endpointsOf = (row: ConnectedAppRow) => row.endpoints as unknown as AppEndpoints;

/**
 * The API shape of a connected app. Secrets stay out: the client secret and the tokens live in
 * credentials and are never read to build this; only their presence and the expiry show.
 */
export function toConnectedAppResource(row: ConnectedAppRow) {
  const endpoints = endpointsOf(row);
  const settings = settingsOf(row);
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    status: row.status,
    client_id: row.clientId,
    scopes: row.scopes,
    endpoints: {
      issuer: endpoints.issuer ?? null,
      authorization_endpoint: endpoints.authorization_endpoint,
      token_endpoint: endpoints.token_endpoint,
      revocation_endpoint: endpoints.revocation_endpoint ?? null,
      userinfo_endpoint: endpoints.userinfo_endpoint ?? null,
    },
    test_url: settings.test_url ?? null,
    sync: settings.sync ?? null,
    account: row.account ?? null,
    token_expires_at: row.tokenExpiresAt?.toISOString() ?? null,
    last_refreshed_at: row.lastRefreshedAt?.toISOString() ?? null,
    last_synced_at: row.lastSyncedAt?.toISOString() ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type ConnectedAppResource = ReturnType<typeof toConnectedAppResource>;

/**
 * The organization's live connected app `id`, or 404 (another organization's answers the same).
 * `forUpdate` locks the row so that connects, refreshes, revokes and deletes of one app queue up.
 */
export async function findConnectedApp(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConnectedAppRow> {
  const query = db
    .select()
    .from(connectedApps)
    .where(inOrg(connectedApps, orgId, eq(connectedApps.id, id), isNull(connectedApps.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Connected app');
  return row;
}
