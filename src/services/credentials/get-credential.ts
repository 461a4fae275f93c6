import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type CredentialResource, findCredential, toCredentialResource } from './credential-resource.js';
import { openCredentialValue } from './credential-value.js';

export type CredentialWithValue = CredentialResource & { value: unknown };

/**
 * A credential; with `decrypt`, its value too, for callers holding `credentials:decrypt`. Such a
 * read commits its audit row (which names the credential, never the value) before it answers.
 */
export async function getCredential(
  ctx: ServiceContext,
  id: string,
  options: { decrypt?: boolean } = {},
): Promise<CredentialResource | CredentialWithValue> {
  requirePermission(ctx, 'credentials:read');
  if (!options.decrypt) return toCredentialResource(await findCredential(ctx.db, ctx.orgId, id));
  requirePermission(ctx, 'credentials:decrypt');
  return ctx.db.transaction(async (tx) => {
    const row = await findCredential(tx, ctx.orgId, id);
    const value = openCredentialValue(ctx, row);
    await recordAudit(tx, ctx, {
      action: 'credential.decrypt',
      resourceType: 'credential',
      resourceId: id,
      details: { name: row.name, type: row.type },
    });
    return { ...toCredentialResource(row), value };
  });
}
