import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { credentials } from '../../db/schema/index.js';
import { inOrg, updateInOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import type { Platform } from '../context.js';
import { openCredentialValue, sealCredentialValue } from '../credentials/credential-value.js';
import type { ConnectedAppRow } from './app-resource.js';

/**
 * A connected app's secrets, as rows of `credentials` sealed by the one credential helper: the
 * client secret (`app:<id>:client`) and the tokens (`app:<id>`, type `oauth2_tokens`). Those names
 * contain a colon, which the user-facing credential name pattern never does, so users cannot take
 * or shadow them. Token values are read and written here and in the services that call this, never
 * in workflow inputs or results.
 */

/** The `oauth2_tokens` credential's value. */
export interface AppTokens {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  /** ISO time; absent when the provider gave no `expires_in` (GitHub's tokens do not expire). */
  expires_at?: string;
  scope?: string;
}

interface ClientValue {
  client_id: string;
  client_secret: string;
  token_url: string;
}

type Secrets = Pick<Platform, 'secrets'>;

export const tokenCredentialName = (appId: string) => `app:${appId}`;
export const clientCredentialName = (appId: string) => `app:${appId}:client`;

async function insertCredential(
  db: Db,
  ctx: Secrets,
  owner: { orgId: string; createdBy: string | null },
  row: { name: string; type: 'oauth2_client_credentials' | 'oauth2_tokens'; value: unknown },
): Promise<string> {
  const id = newId('cred');
  const sealed = sealCredentialValue(ctx, { orgId: owner.orgId, id }, row.value);
  await db.insert(credentials).values({
    id,
    orgId: owner.orgId,
    name: row.name,
    type: row.type,
    description: 'Managed by its connected app',
    keyVersion: sealed.keyVersion,
    wrappedKey: sealed.wrappedKey,
    ciphertext: sealed.ciphertext,
    createdBy: owner.createdBy,
  });
  return id;
}

export function storeClientSecret(
  db: Db,
  ctx: Secrets,
  app: { id: string; orgId: string; createdBy: string | null },
  value: ClientValue,
): Promise<string> {
  return insertCredential(db, ctx, app, {
    name: clientCredentialName(app.id),
    type: 'oauth2_client_credentials',
    value,
  });
}

/** Replaces the client secret's value (PUT/PATCH with `client_secret`). */
export async function replaceClientSecret(db: Db, ctx: Secrets, app: ConnectedAppRow, value: ClientValue) {
  if (!app.clientCredentialId) return storeClientSecret(db, ctx, app, value);
  await resealCredential(db, ctx, app.orgId, app.clientCredentialId, value);
  return app.clientCredentialId;
}

/**
 * Writes the app's tokens: into its token credential when it has one, else a new one (returned,
 * for the app row's `token_credential_id`).
 */
export async function storeTokens(db: Db, ctx: Secrets, app: ConnectedAppRow, tokens: AppTokens) {
  if (app.tokenCredentialId) {
    await resealCredential(db, ctx, app.orgId, app.tokenCredentialId, tokens);
    return app.tokenCredentialId;
  }
  return insertCredential(db, ctx, app, {
    name: tokenCredentialName(app.id),
    type: 'oauth2_tokens',
    value: tokens,
  });
}

async function resealCredential(db: Db, ctx: Secrets, orgId: string, id: string, value: unknown) {
  const sealed = sealCredentialValue(ctx, { orgId, id }, value);
  await updateInOrg(db, credentials, orgId, eq(credentials.id, id), {
    keyVersion: sealed.keyVersion,
    wrappedKey: sealed.wrappedKey,
    ciphertext: sealed.ciphertext,
    updatedAt: new Date(),
  });
}

async function openCredential(db: Db, ctx: Secrets, orgId: string, id: string | null): Promise<unknown> {
  if (!id) return undefined;
  const [row] = await db
    .select()
    .from(credentials)
    .where(inOrg(credentials, orgId, eq(credentials.id, id), isNull(credentials.deletedAt)));
  return row ? openCredentialValue(ctx, row) : undefined;
}

export async function readTokens(db: Db, ctx: Secrets, app: ConnectedAppRow): Promise<AppTokens | undefined> {
  const value = (await openCredential(db, ctx, app.orgId, app.tokenCredentialId)) as AppTokens | undefined;
  return value?.access_token ? value : undefined;
}

export async function readClientSecret(db: Db, ctx: Secrets, app: ConnectedAppRow): Promise<string> {
  const value = (await openCredential(db, ctx, app.orgId, app.clientCredentialId)) as ClientValue | undefined;
  if (!value) throw new Error(`connected app ${app.id} has no client credential`);
  return value.client_secret;
}

/** Soft-deletes the app's credentials: the tokens (revoke, delete) and with `client` the secret too. */
export async function deleteAppCredentials(
  db: Db,
  app: ConnectedAppRow,
  at: Date,
  options: { client: boolean },
): Promise<void> {
  const ids = [app.tokenCredentialId, options.client ? app.clientCredentialId : null];
  for (const id of ids) {
    if (!id) continue;
    await updateInOrg(db, credentials, app.orgId, eq(credentials.id, id), { deletedAt: at, updatedAt: at });
  }
}
