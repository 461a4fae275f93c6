import { eq, isNull } from 'drizzle-orm';
import { type CredentialType, credentials } from '../../db/schema/index.js';
import { inOrg, updateInOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import { openCredentialValue } from './credential-value.js';

/** No live credential of this name in the organization (never created, or deleted). */
export class CredentialNotFoundError extends Error {
  constructor(readonly credentialName: string) {
    super(`No credential named ${credentialName}`);
    this.name = 'CredentialNotFoundError';
  }
}

export interface OpenedCredential {
  id: string;
  name: string;
  type: CredentialType;
  settings: Record<string, unknown>;
  value: unknown;
}

/**
 * For the activity that uses a credential in a step: the organization's live credential `name`,
 * opened, with `last_used_at` stamped. The step's run decided it may use it, so no permission is
 * checked here; the value must stay inside the activity (never in its result, logs or errors).
 */
export async function openCredentialByName(ctx: ServiceContext, name: string): Promise<OpenedCredential> {
  const [row] = await ctx.db
    .select()
    .from(credentials)
    .where(inOrg(credentials, ctx.orgId, eq(credentials.name, name), isNull(credentials.deletedAt)));
  if (!row) throw new CredentialNotFoundError(name);
  const value = openCredentialValue(ctx, row);
  await updateInOrg(ctx.db, credentials, ctx.orgId, eq(credentials.id, row.id), { lastUsedAt: ctx.clock() });
  return { id: row.id, name: row.name, type: row.type, settings: row.settings, value };
}
