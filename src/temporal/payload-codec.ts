// Temporal payloads the Temporal server cannot read: every payload a Client or Worker sends is
// sealed with AES-256-GCM under a key derived from a master key version, and bound to its owner.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
// Default import: named imports from this CommonJS package fail under Node's ESM loader.
import proto from '@temporalio/proto';
import type { Keyring } from '../lib/keys/keyring.js';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The workflow id the payload belongs to (empty: nobody's, readable by workers only). */
export const OWNER_METADATA = 'conveyor-owner';
/** HKDF info: a payload key is never the same bytes as a credential's or any other use's key. */
const KEY_INFO = 'conveyor temporal payload encryption (AES-256-GCM) v1';
const KEY_ID_PREFIX = 'conveyor-v';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadDecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * Encodes with the keyring's newest version and decodes with the version a payload names, so a
 * rotation leaves old histories readable. The key id and owner are authenticated data: a payload
 * relabelled to another owner (to pass the codec server's owner check) or another key fails.
 * Payloads that are not `binary/encrypted` (histories recorded before encryption) pass through.
 */
export class ConveyorPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<number, Buffer>();

  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return this.seal(payloads, context?.workflowId ?? '');
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  /** Seals for `owner` (the codec server's encode seals for nobody: `''`). */
  seal(payloads: Payload[], owner: string): Payload[] {
    const { version } = this.keyring.latest();
    const keyId = `${KEY_ID_PREFIX}${version}`;
    const key = this.keyFor(version);
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(keyId, owner));
      const sealed = Buffer.concat([
        iv,
        cipher.update(ProtoPayload.encode(payload).finish()),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return {
        metadata: {
          encoding: utf8(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8(keyId),
          [OWNER_METADATA]: utf8(owner),
        },
        data: sealed,
      };
    });
  }

  open(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    const owner = text(payload.metadata?.[OWNER_METADATA]);
    const match = /^conveyor-v([1-9]\d*)$/.exec(keyId);
    if (!match) throw new PayloadDecryptionError(`Unknown payload key id ${JSON.stringify(keyId)}`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError('Encrypted payload is truncated');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.keyFor(Number(match[1])),
      data.subarray(0, IV_BYTES),
    );
    decipher.setAAD(associatedData(keyId, owner));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (error) {
      throw new PayloadDecryptionError('Encrypted payload failed authentication', { cause: error });
    }
    return ProtoPayload.decode(plain);
  }

  private keyFor(version: number): Buffer {
    let key = this.keys.get(version);
    if (!key) {
      const master = this.keyring.get(version).key;
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), KEY_INFO, 32));
      this.keys.set(version, key);
    }
    return key;
  }
}

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

/** Who a sealed payload belongs to (a workflow id, or `''`); undefined for a plain payload. */
export function ownerOf(payload: Payload): string | undefined {
  return isEncrypted(payload) ? text(payload.metadata?.[OWNER_METADATA]) : undefined;
}

// Length-prefixed, so no key id and owner pair can be spelled as another.
function associatedData(keyId: string, owner: string): Buffer {
  const parts = [keyId, owner].map((part) => Buffer.from(part, 'utf8'));
  return Buffer.concat(
    parts.flatMap((part) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(part.length);
      return [length, part];
    }),
  );
}

const utf8 = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');
