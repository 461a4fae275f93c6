import { isUniqueViolation } from '../../db/errors.js';
import { credentials } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import {
  CREDENTIALS_NAME_INDEX,
  type CredentialResource,
  type CredentialValue,
  nameTaken,
  settingsOf,
  toCredentialResource,
} from './credential-resource.js';
import { sealCredentialValue } from './credential-value.js';

export type CreateCredentialInput = CredentialValue & { name: string; description?: string };

/**
 * Stores a credential, its value sealed under a data key of its own. The id is drawn first: the
 * seal binds it (and the organization), so the ciphertext opens in this row only.
 */
export async function createCredential(
  ctx: ServiceContext,
  input: CreateCredentialInput,
): Promise<CredentialResource> {
  requirePermission(ctx, 'credentials:write');
  const id = newId('cred');
  const sealed = sealCredentialValue(ctx, { orgId: ctx.orgId, id }, input.value);
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(credentials)
        .values({
          id,
          orgId: ctx.orgId,
          name: input.name,
          type: input.type,
          description: input.description ?? '',
          settings: settingsOf(input),
          ...sealed,
          createdBy: ctx.actor.id,
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: 'credential.create',
        resourceType: 'credential',
        resourceId: id,
        details: { name: input.name, type: input.type },
      });
      return inserted;
    });
    if (!row) throw new Error('insert returned no row');
    return toCredentialResource(row);
  } catch (error) {
    if (isUniqueViolation(error, CREDENTIALS_NAME_INDEX)) throw nameTaken(input.name);
    throw error;
  }
}
