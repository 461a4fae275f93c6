import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  ApplicationFailure,
  defaultPayloadConverter,
  type FailureConverter,
  type Payload,
} from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { Keyring, type MasterKey, staticKeyring } from '../../src/lib/keys/keyring.js';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter.js';
import {
  ConveyorPayloadCodec,
  ENCRYPTED_ENCODING,
  ownerOf,
  PayloadDecryptionError,
} from '../../src/temporal/payload-codec.js';

const SECRET = 'planted-secret-7f3a';
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueIn = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);
const meta = (payload: Payload, key: string) => Buffer.from(payload.metadata?.[key] ?? []).toString('utf8');
const context = { type: 'workflow' as const, namespace: 'default', workflowId: 'exe_01OWNER' };

describe('the payload codec', () => {
  it('round-trips payloads and hides their bytes, labelled with key id and owner', async () => {
    const codec = new ConveyorPayloadCodec(staticKeyring(randomBytes(32)));
    const [sealed] = await codec.encode([plain({ token: SECRET })], context);
    if (!sealed) throw new Error('no payload');
    expect(meta(sealed, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(meta(sealed, 'encryption-key-id')).toBe('conveyor-v1');
    expect(ownerOf(sealed)).toBe('exe_01OWNER');
    expect(Buffer.from(sealed.data ?? []).toString('latin1')).not.toContain(SECRET);
    expect(Buffer.from(sealed.data ?? []).toString('latin1')).not.toContain('json/plain');
    const [opened] = await codec.decode([sealed]);
    expect(valueIn(opened as Payload)).toEqual({ token: SECRET });
    expect(meta(opened as Payload, 'encoding')).toBe('json/plain');
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new ConveyorPayloadCodec(staticKeyring(randomBytes(32)));
    const [a, b] = await codec.encode([plain('same'), plain('same')], context);
    expect(Buffer.from(a?.data ?? []).subarray(0, 12)).not.toEqual(
      Buffer.from(b?.data ?? []).subarray(0, 12),
    );
  });

  it('seals for nobody without a serialization context', async () => {
    const codec = new ConveyorPayloadCodec(staticKeyring(randomBytes(32)));
    const [sealed] = await codec.encode([plain(1)]);
    expect(ownerOf(sealed as Payload)).toBe('');
    expect(valueIn((await codec.decode([sealed as Payload]))[0] as Payload)).toBe(1);
  });

  it('decodes a payload sealed under v1 after the keyring gains v2, and seals new ones under v2', async () => {
    const keys: MasterKey[] = [{ version: 1, key: randomBytes(32) }];
    let clock = 0;
    const keyring = new Keyring(() => keys, { refreshMs: 1_000, now: () => clock });
    const codec = new ConveyorPayloadCodec(keyring);
    const [old] = await codec.encode([plain('before rotation')], context);
    keys.push({ version: 2, key: randomBytes(32) });
    clock += 1_001;
    const [fresh] = await codec.encode([plain('after rotation')], context);
    expect(meta(old as Payload, 'encryption-key-id')).toBe('conveyor-v1');
    expect(meta(fresh as Payload, 'encryption-key-id')).toBe('conveyor-v2');
    // A process that started after the rotation reads both.
    const later = new ConveyorPayloadCodec(new Keyring(() => keys));
    const decoded = await later.decode([old as Payload, fresh as Payload]);
    expect(decoded.map(valueIn)).toEqual(['before rotation', 'after rotation']);
  });

  it('refuses a payload relabelled to another owner or another key version', async () => {
    const keys = [randomBytes(32), randomBytes(32)];
    const codec = new ConveyorPayloadCodec(staticKeyring(keys[0] as Buffer, keys[1] as Buffer));
    const [sealed] = await codec.encode([plain(SECRET)], context);
    if (!sealed) throw new Error('no payload');
    const relabel = (key: string, value: string): Payload => ({
      ...sealed,
      metadata: { ...sealed.metadata, [key]: new Uint8Array(Buffer.from(value)) },
    });
    await expect(codec.decode([relabel('conveyor-owner', 'exe_01OTHER')])).rejects.toThrow(
      PayloadDecryptionError,
    );
    await expect(codec.decode([relabel('conveyor-owner', '')])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([relabel('encryption-key-id', 'conveyor-v1')])).rejects.toThrow(
      PayloadDecryptionError,
    );
    await expect(codec.decode([relabel('encryption-key-id', 'someone-else')])).rejects.toThrow(
      PayloadDecryptionError,
    );
    const flipped = Buffer.from(sealed.data ?? []);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(PayloadDecryptionError);
  });

  it('cannot open a payload sealed under another master key', async () => {
    const [sealed] = await new ConveyorPayloadCodec(staticKeyring(randomBytes(32))).encode(
      [plain(1)],
      context,
    );
    const stranger = new ConveyorPayloadCodec(staticKeyring(randomBytes(32)));
    await expect(stranger.decode([sealed as Payload])).rejects.toThrow(PayloadDecryptionError);
  });

  it('passes plain payloads through unchanged (histories recorded before encryption)', async () => {
    const codec = new ConveyorPayloadCodec(staticKeyring(randomBytes(32)));
    const payload = plain({ old: true });
    const [decoded] = await codec.decode([payload]);
    expect(decoded).toBe(payload);
  });
});

describe('the failure converter', () => {
  it('moves failure messages and stack traces into the encoded attributes payload', async () => {
    const { failureConverter } = createRequire(import.meta.url)(FAILURE_CONVERTER_PATH) as {
      failureConverter: FailureConverter;
    };
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable(`token ${SECRET} refused`, 'HTTP_ERROR'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace ?? '').toBe('');
    const attributes = failure.encodedAttributes;
    expect(attributes && valueIn(attributes)).toMatchObject({ message: `token ${SECRET} refused` });
    expect(JSON.stringify({ ...failure, encodedAttributes: undefined })).not.toContain(SECRET);
  });
});
