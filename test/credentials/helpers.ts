import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { auditLogs, credentials } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { sealCredentialValue } from '../../src/services/credentials/credential-value.js';
import type { TestApp } from '../harness/app.js';
import { type Account, call } from '../harness/http.js';

export interface CredentialBody {
  id: string;
  name: string;
  type: string;
  description: string;
  settings: Record<string, unknown>;
  key_version: number;
  last_used_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  value?: unknown;
}

/** A name no other test uses. */
export const uniqueName = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

export async function createCredential(t: TestApp, account: Account, body: Record<string, unknown>) {
  const created = await call<CredentialBody>(t.app, 'POST', '/api/v1/credentials', {
    token: account.token,
    body,
  });
  if (created.status !== 201)
    throw new Error(`create credential: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

export function decrypt(t: TestApp, token: string, id: string) {
  return call<CredentialBody & { code?: string }>(t.app, 'GET', `/api/v1/credentials/${id}?decrypt=true`, {
    token,
  });
}

/** The organization's audit actions on one credential, oldest first. */
export async function auditOf(t: TestApp, orgId: string, id: string) {
  return t.deps.database.db
    .select({ action: auditLogs.action, details: auditLogs.details, actorId: auditLogs.actorId })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.resourceId, id)))
    .orderBy(auditLogs.createdAt, auditLogs.id);
}

/**
 * A connected app's token credential, written as the OAuth callback will write it (that code is
 * another issue's): sealed through the one sealing function, straight into the table.
 */
export async function insertAppTokens(t: TestApp, account: Account, name = uniqueName('app-tokens')) {
  const id = newId('cred');
  const sealed = sealCredentialValue(t.deps, { orgId: account.orgId, id }, { access_token: 'at-planted' });
  await t.deps.database.db.insert(credentials).values({
    id,
    orgId: account.orgId,
    name,
    type: 'oauth2_tokens',
    settings: { provider: 'github' },
    ...sealed,
  });
  return { id, name };
}

/** Every row of every table in the public schema, as text: where a planted secret must not be. */
export async function dumpDatabase(t: TestApp): Promise<string> {
  const db = t.deps.database.db;
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) as unknown as { rows?: { table_name: string }[] } & { table_name: string }[];
  const names = (tables.rows ?? tables).map((row) => row.table_name);
  if (names.length < 10) throw new Error(`dump found only ${names.length} tables`);
  const parts: string[] = [];
  for (const name of names) {
    const result = (await db.execute(sql.raw(`select t::text as row from "${name}" t`))) as unknown as {
      rows?: { row: string }[];
    } & { row: string }[];
    for (const row of result.rows ?? result) parts.push(`${name}: ${row.row}`);
  }
  return parts.join('\n');
}
