import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { dataText, metadataText, type WirePayload } from './payloads.js';

let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'codec-encode');
});
afterAll(() => t?.close());

const plain = {
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from('{"signal":"typed in the UI"}').toString('base64'),
};
const codecCall = (path: string, payloads: unknown, token = owner.token, headers = {}) =>
  call<{ payloads: WirePayload[] }>(t.app, 'POST', path, { token, body: { payloads }, headers });

describe('POST /api/v1/codec/encode', () => {
  it('seals payloads for no owner: workers read them, nobody decodes them through the API', async () => {
    const encoded = await codecCall('/api/v1/codec/encode', [plain]);
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    if (!sealed) throw new Error('no payload');
    expect(metadataText(sealed, 'encoding')).toBe('binary/encrypted');
    expect(metadataText(sealed, 'encryption-key-id')).toBe('conveyor-v1');
    expect(metadataText(sealed, 'conveyor-owner')).toBe('');
    expect(dataText(sealed)).not.toContain('typed in the UI');
    // What a worker does with it: its codec opens it.
    const [opened] = await t.deps.temporal.codec.decode([
      {
        metadata: Object.fromEntries(
          Object.entries(sealed.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
        ),
        data: Buffer.from(sealed.data, 'base64'),
      },
    ]);
    expect(Buffer.from(opened?.data ?? []).toString()).toBe('{"signal":"typed in the UI"}');
    // The decode endpoint hands an ownerless payload back as it is.
    const decoded = await codecCall('/api/v1/codec/decode', [sealed]);
    expect(decoded.body.payloads).toEqual([sealed]);
  });

  it('answers 401 without credentials, 400 for another namespace, 403 for another origin', async () => {
    const anonymous = await call(t.app, 'POST', '/api/v1/codec/encode', { body: { payloads: [plain] } });
    expect(anonymous.status).toBe(401);
    const namespace = await codecCall('/api/v1/codec/encode', [plain], owner.token, {
      'x-namespace': 'other',
    });
    expect(namespace.body).toMatchObject({ code: 'namespace_mismatch' });
    const origin = await codecCall('/api/v1/codec/encode', [plain], owner.token, {
      origin: 'https://evil.example',
    });
    expect(origin.status).toBe(403);
    expect(origin.body).toMatchObject({ code: 'origin_not_allowed' });
  });
});
