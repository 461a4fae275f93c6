import type { credentials } from '../../db/schema/index.js';
import { DecryptionError } from '../../lib/crypto.js';
import { ApiError } from '../../lib/errors.js';
import { openEnvelope, type Sealed, sealEnvelope } from '../../lib/keys/envelope.js';
import { UnknownKeyVersionError } from '../../lib/keys/keyring.js';
import type { ServiceContext } from '../context.js';

type CredentialRow = typeof credentials.$inferSelect;

/**
 * The one place a credential's value is sealed and opened (JSON in, JSON out). Callers: the
 * credential routes (create, update, the audited `?decrypt=true` read), connected apps storing
 * their tokens, and the activities that use a credential in a step. Nothing else decrypts.
 */
export function sealCredentialValue(
  ctx: Pick<ServiceContext, 'secrets'>,
  owner: { orgId: string; id: string },
  value: unknown,
): Sealed {
  return sealEnvelope(ctx.secrets.keyring, { orgId: owner.orgId, recordId: owner.id }, JSON.stringify(value));
}

export function openCredentialValue(
  ctx: Pick<ServiceContext, 'secrets'>,
  row: Pick<CredentialRow, 'id' | 'orgId' | 'keyVersion' | 'wrappedKey' | 'ciphertext'>,
): unknown {
  try {
    return JSON.parse(
      openEnvelope(
        ctx.secrets.keyring,
        { orgId: row.orgId, recordId: row.id },
        {
          keyVersion: row.keyVersion,
          wrappedKey: row.wrappedKey,
          ciphertext: row.ciphertext,
        },
      ),
    );
  } catch (error) {
    if (error instanceof UnknownKeyVersionError) {
      throw new ApiError(
        'master_key_unavailable',
        `The credential is sealed under master key version ${error.version}, which this process is not configured with`,
      );
    }
    // Moved from another row or organization, tampered with, or sealed under another key: GCM cannot
    // tell which. A conflict with the stored state (a new value repairs it), never a 500, and never
    // a hint of what the bytes held.
    if (error instanceof DecryptionError || error instanceof SyntaxError) {
      throw new ApiError(
        'credential_unreadable',
        'The stored value does not authenticate (moved or tampered with); set a new value with PUT',
      );
    }
    throw error;
  }
}
