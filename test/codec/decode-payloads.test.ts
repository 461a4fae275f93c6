import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../approvals/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import {
  dataText,
  metadataText,
  plantedSecret,
  rawHistoryText,
  rawPayloadsOf,
  runHoldingSecret,
  type WirePayload,
} from './payloads.js';

const UI = 'http://127.0.0.1:8233';
let t: TestApp;
let owner: Account;
let stranger: Account;
const secret = plantedSecret();
let executionId: string;
let raw: WirePayload[];

beforeAll(async () => {
  t = await createTestApp({ TEMPORAL_UI_ORIGINS: `${UI},http://localhost:8233` });
  await t.startWorker();
  owner = await registerAccount(t.app, 'codec-owner');
  stranger = await registerAccount(t.app, 'codec-stranger');
  executionId = await runHoldingSecret(t, owner, secret);
  raw = await rawPayloadsOf(t, executionId);
});
afterAll(() => t?.close());

const decode = (payloads: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  call<{ payloads: WirePayload[] }>(t.app, 'POST', '/api/v1/codec/decode', {
    body: { payloads },
    ...options,
  });

describe('POST /api/v1/codec/decode', () => {
  it('finds every payload of the run encrypted, owned by the run, the secret nowhere', async () => {
    const history = await rawHistoryText(t, executionId);
    expect(history).toContain(executionId);
    expect(history).not.toContain(secret);
    expect(raw.length).toBeGreaterThanOrEqual(3);
    for (const payload of raw) {
      expect(metadataText(payload, 'encoding'), dataText(payload).slice(0, 200)).toBe('binary/encrypted');
      expect(metadataText(payload, 'encryption-key-id')).toBe('conveyor-v1');
      expect(dataText(payload)).not.toContain(secret);
    }
    expect(raw.map((p) => metadataText(p, 'conveyor-owner'))).toContain(executionId);
    expect(JSON.stringify(raw)).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
  });

  it("decrypts the owner's payloads: the run's input and output are readable JSON", async () => {
    const response = await decode(raw, {
      token: owner.token,
      headers: { 'x-namespace': t.deps.temporal.namespace },
    });
    expect(response.status).toBe(200);
    expect(response.body.payloads).toHaveLength(raw.length);
    const texts = response.body.payloads.map(dataText);
    expect(texts.some((text) => text.includes(`"token":"${secret}"`))).toBe(true);
    expect(texts.some((text) => text.includes(`"echo":"${secret}"`))).toBe(true);
    expect(response.body.payloads.map((p) => metadataText(p, 'encoding'))).not.toContain('binary/encrypted');
  });

  it("gives another organization's user the payloads back exactly as sent", async () => {
    const response = await decode(raw, { token: stranger.token });
    expect(response.status).toBe(200);
    expect(response.body.payloads).toEqual(raw);
    expect(JSON.stringify(response.body)).not.toContain(secret);
  });

  it('does not open a payload relabelled to an owner the caller has', async () => {
    const foreignRun = await runHoldingSecret(t, stranger, secret);
    const [foreign] = (await rawPayloadsOf(t, foreignRun)).filter(
      (p) => metadataText(p, 'conveyor-owner') === foreignRun,
    );
    if (!foreign) throw new Error('no payload owned by the run');
    const relabelled = {
      ...foreign,
      metadata: { ...foreign.metadata, 'conveyor-owner': Buffer.from(executionId).toString('base64') },
    };
    const response = await decode([relabelled], { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.body.payloads).toEqual([relabelled]);
  });

  it('passes plain payloads through', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('{"a":1}').toString('base64'),
    };
    const response = await decode([plain], { token: owner.token });
    expect(response.body.payloads).toEqual([plain]);
  });

  it('answers 401 without credentials, and 403 to a member without executions:read', async () => {
    expect((await decode(raw)).status).toBe(401);
    const bogusCookie = await decode(raw, { headers: { cookie: `conveyor_codec_session=${owner.token}` } });
    expect(bogusCookie.status).toBe(401);
    const member = await addMember(t, owner, []);
    const refused = await decode(raw, { token: member.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
  });

  it('answers 400 namespace_mismatch for another namespace', async () => {
    const response = await decode(raw, { token: owner.token, headers: { 'x-namespace': 'someone-else' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'namespace_mismatch' });
  });

  it('lets the Web UI origin call with credentials, and refuses any other origin, preflight or not', async () => {
    const preflight = await t.app.request('/api/v1/codec/decode', {
      method: 'OPTIONS',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-namespace/i);
    const fromUi = await decode(raw, { token: owner.token, headers: { origin: UI } });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI);

    const evilPreflight = await t.app.request('/api/v1/codec/decode', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evilPreflight.status).toBe(403);
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const evil = await decode(raw, { token: owner.token, headers: { origin: 'http://127.0.0.1:9999' } });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatchObject({ code: 'origin_not_allowed' });
    expect(JSON.stringify(evil.body)).not.toContain(secret);
  });

  it('refuses malformed and oversized bodies with a code', async () => {
    const notBase64 = await decode([{ metadata: { encoding: '!!' }, data: 'x' }], { token: owner.token });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body).toMatchObject({ code: 'validation_failed' });
    const tooMany = await decode(
      Array.from({ length: 1001 }, () => ({ data: '' })),
      { token: owner.token },
    );
    expect(tooMany.status).toBe(400);
    const extra = await call(t.app, 'POST', '/api/v1/codec/decode', {
      token: owner.token,
      body: { payloads: [], more: 1 },
    });
    expect(extra.status).toBe(400);
  });
});
