import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type CredentialType, credentials } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict, notFound } from '../../lib/errors.js';

export type CredentialRow = typeof credentials.$inferSelect;

/** The types a user creates by hand; `oauth2_tokens` are written by connected apps only. */
export type ManualCredentialType = Exclude<CredentialType, 'oauth2_tokens'>;

/** A value as the API validated it (defaults applied), by type. */
export type CredentialValue =
  | { type: 'api_key'; value: { key: string; placement: 'header' | 'query'; name: string } }
  | { type: 'basic_auth'; value: { username: string; password: string } }
  | { type: 'bearer_token'; value: { token: string } }
  | {
      type: 'oauth2_client_credentials';
      value: {
        token_url: string;
        client_id: string;
        client_secret: string;
        scopes?: string[];
        audience?: string;
        auth_method: 'client_secret_basic' | 'client_secret_post';
      };
    }
  | { type: 'json'; value: unknown };

/**
 * The parts of a value that are not secret, kept in `settings` so every answer and list can show
 * them without decrypting anything. The whole value (these parts too) is what is sealed.
 */
export function settingsOf(input: CredentialValue): Record<string, unknown> {
  switch (input.type) {
    case 'api_key':
      return { placement: input.value.placement, name: input.value.name };
    case 'basic_auth':
      return { username: input.value.username };
    case 'oauth2_client_credentials':
      return {
        token_url: input.value.token_url,
        client_id: input.value.client_id,
        scopes: input.value.scopes ?? [],
        audience: input.value.audience ?? null,
        auth_method: input.value.auth_method,
      };
    case 'bearer_token':
    case 'json':
      return {};
  }
}

/** The API shape of a credential: never its value (the audited decrypt read adds it). */
export function toCredentialResource(row: CredentialRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    settings: row.settings,
    key_version: row.keyVersion,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type CredentialResource = ReturnType<typeof toCredentialResource>;

/**
 * The organization's live credential `id`, or 404 (another organization's answers the same).
 * `forUpdate` locks the row, so edits, deletes and a key rotation's re-wrap of it queue up.
 */
export async function findCredential(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CredentialRow> {
  const query = db
    .select()
    .from(credentials)
    .where(inOrg(credentials, orgId, eq(credentials.id, id), isNull(credentials.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Credential');
  return row;
}

/**
 * Connected apps and notification channels own their credentials (token types, and names with a
 * colon, which the credential routes never give): changed through their owner, never by hand.
 */
export function refuseManaged(row: CredentialRow): void {
  if (row.type === 'oauth2_tokens' || row.name.includes(':')) {
    throw conflict(
      'credential_managed',
      'This credential belongs to a connected app or a notification channel; change it there instead',
    );
  }
}

export const CREDENTIALS_NAME_INDEX = 'credentials_org_name_key';

export const nameTaken = (name: string) =>
  conflict('credential_name_taken', `A credential named ${name} already exists`);
