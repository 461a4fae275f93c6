import { eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { credentials } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { conflict } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import {
  CREDENTIALS_NAME_INDEX,
  type CredentialResource,
  type CredentialValue,
  findCredential,
  nameTaken,
  refuseManaged,
  settingsOf,
  toCredentialResource,
} from './credential-resource.js';
import { sealCredentialValue } from './credential-value.js';

/** PUT: `type` must be the stored one; a left-out `value` keeps the sealed one (a rename needs no secret). */
export type UpdateCredentialInput = {
  [T in CredentialValue['type']]: { type: T; value?: Extract<CredentialValue, { type: T }>['value'] };
}[CredentialValue['type']] & { name: string; description: string };

export async function updateCredential(
  ctx: ServiceContext,
  id: string,
  input: UpdateCredentialInput,
): Promise<CredentialResource> {
  requirePermission(ctx, 'credentials:write');
  try {
    const row = await ctx.db.transaction(async (tx) => {
      // The row lock also orders this change after (or before) a key rotation's re-wrap of the row.
      const current = await findCredential(tx, ctx.orgId, id, { forUpdate: true });
      refuseManaged(current);
      if (current.type !== input.type) {
        throw conflict(
          'credential_type_fixed',
          `This credential is of type ${current.type}; create another credential for type ${input.type}`,
        );
      }
      const next = newValueOf(input);
      const [updated] = await updateInOrg(tx, credentials, ctx.orgId, eq(credentials.id, id), {
        name: input.name,
        description: input.description,
        ...(next
          ? { settings: settingsOf(next), ...sealCredentialValue(ctx, { orgId: ctx.orgId, id }, next.value) }
          : {}),
        updatedAt: ctx.clock(),
      }).returning();
      if (!updated) throw new Error('update returned no row');
      await recordAudit(tx, ctx, {
        action: 'credential.update',
        resourceType: 'credential',
        resourceId: id,
        details: { name: input.name, previous_name: current.name, value_changed: next !== undefined },
      });
      return updated;
    });
    return toCredentialResource(row);
  } catch (error) {
    if (isUniqueViolation(error, CREDENTIALS_NAME_INDEX)) throw nameTaken(input.name);
    throw error;
  }
}

function newValueOf(input: UpdateCredentialInput): CredentialValue | undefined {
  // The mapped type above pairs each type with its own value; TypeScript cannot narrow `value` by it.
  return input.value === undefined
    ? undefined
    : ({ type: input.type, value: input.value } as CredentialValue);
}
