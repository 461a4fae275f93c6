import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeError } from '../../src/lib/logger.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';

/**
 * Text the database cannot store (NUL, lone surrogates) and JSON too deep to walk are refused with
 * a 400 naming where, on every /api route, before any query runs. Each probe once reached
 * PostgreSQL and came back as a 500 (found by the schemathesis phase).
 */
let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'unsafe-text');
});
afterAll(() => t?.close());

describe('unsafe text', () => {
  it('refuses a NUL in a JSON body, naming its path, on an unauthenticated route', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/register', {
      body: {
        email: 'nul@example.com',
        password: 'a long enough passphrase',
        name: 'a\u0000b',
        organization_name: 'x',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'invalid_text',
      errors: [{ path: 'body.name', code: 'invalid_text' }],
    });
  });

  it('refuses a lone surrogate in a nested value and in a key', async () => {
    const nested = await call(t.app, 'POST', '/api/v1/bulk/workflows/archive', {
      token: account.token,
      body: { ids: ['wf_ok', 'x\uD800y'] },
    });
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({ errors: [{ path: 'body.ids[1]' }] });
    // Escaped in the JSON text, so the request itself is valid UTF-8 and the parsed key is not.
    const key = await call(t.app, 'POST', '/api/v1/workflows', {
      token: account.token,
      body: '{"name":"k","definition":{"steps":[]},"\\udc00":1}',
    });
    expect(key.status).toBe(400);
    expect(key.body).toMatchObject({ code: 'invalid_text' });
  });

  it('refuses a NUL in a path parameter and in a query value', async () => {
    const path = await call(t.app, 'GET', '/api/v1/workflows/wf%00x', { token: account.token });
    expect(path.status).toBe(400);
    expect(path.body).toMatchObject({ code: 'invalid_text', errors: [{ path: 'path' }] });
    const query = await call(t.app, 'GET', '/api/v1/agent-tasks/queue?task_type=a%00b', {
      token: account.token,
    });
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({ errors: [{ path: 'query.task_type' }] });
    const malformed = await call(t.app, 'GET', '/api/v1/workflows/%E0%A4%A', { token: account.token });
    expect(malformed.status).toBe(400);
  });

  it('refuses JSON nested deeper than the bound', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const response = await call(t.app, 'POST', '/api/v1/workflows', {
      token: account.token,
      body: `{"name":"deep","definition":{"steps":${deep}}}`,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'too_deep' });
  });

  it('keeps ordinary text, paired surrogates included', async () => {
    const response = await call(t.app, 'POST', '/api/v1/workflows', {
      token: account.token,
      body: {
        name: 'émoji 🚀 ok',
        definition: { steps: [{ id: 'a', type: 'transform', config: { expression: '1' } }] },
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });
});

describe('error logs', () => {
  it('never carry the bound parameters of a failed query', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ serializers: { err: serializeError } }, sink);
    const failure = Object.assign(
      new Error('Failed query: insert into users values ($1)\nparams: $argon2id$secret-hash'),
      { params: ['$argon2id$secret-hash'], query: 'insert into users values ($1)' },
    );
    logger.error({ err: failure }, 'unhandled error');
    expect(lines.join('')).toContain('insert into users');
    expect(lines.join('')).not.toContain('secret-hash');
  });
});
