import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';
import { freePort, runEntryPoint } from './harness/processes.js';

/** The production shape: `npm run api` and `npm run worker` as separate processes, set by env only. */
const dataDir = mkdtempSync(join(tmpdir(), 'conveyor-proc-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const temporalEnv = () => ({
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: inject('temporalNamespace'),
  LOG_LEVEL: 'info',
});

async function http(port: number, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('npm run api', () => {
  it('serves on the embedded database, stops cleanly on SIGTERM, and a second start keeps the data and keys', async () => {
    const port = await freePort();
    const env = { ...temporalEnv(), PORT: String(port), HOST: '127.0.0.1', CONVEYOR_DATA_DIR: dataDir };
    const credentials = {
      email: `keep-${randomBytes(3).toString('hex')}@example.com`,
      password: 'a long enough passphrase',
    };

    const first = runEntryPoint('src/api/server.ts', env);
    await first.waitFor(/API listening/);
    expect((await http(port, 'GET', '/api/health/health')).status).toBe(200);
    const registered = await http(port, 'POST', '/api/v1/auth/register', {
      ...credentials,
      name: 'Keeper',
      organization_name: 'Persistence Inc',
    });
    expect(registered.status).toBe(201);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = runEntryPoint('src/api/server.ts', env);
    try {
      await second.waitFor(/API listening/);
      // The first run's access token still verifies: the signing key was kept, not regenerated.
      const me = await http(
        port,
        'GET',
        '/api/v1/auth/me',
        undefined,
        registered.body.access_token as string,
      );
      expect(me.status).toBe(200);
      expect((await http(port, 'POST', '/api/v1/auth/login', credentials)).status).toBe(200);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
    expect(second.output()).not.toContain(credentials.password);
    expect(second.output()).not.toContain(registered.body.access_token as string);
  });

  it('refuses to start on a bad setting and names it', async () => {
    const bad = runEntryPoint('src/api/server.ts', {
      ...temporalEnv(),
      PORT: 'eighty',
      CONVEYOR_MASTER_KEY: 'short',
    });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/PORT: /);
    expect(bad.output()).toMatch(/CONVEYOR_MASTER_KEY: /);
  });
});

describe('npm run worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('polls the task queue, runs what the API starts, serves SDK metrics, and drains on SIGTERM', async () => {
    const metricsPort = await freePort();
    const worker = runEntryPoint('src/worker.ts', {
      ...temporalEnv(),
      TEMPORAL_TASK_QUEUE: t.deps.config.TEMPORAL_TASK_QUEUE,
      WORKER_METRICS_PORT: String(metricsPort),
      CONVEYOR_DATA_DIR: join(dataDir, 'worker'),
      // The API's key: payloads are encrypted, and every process of a deployment shares the keys.
      CONVEYOR_MASTER_KEY: t.deps.secrets.masterKey.toString('base64'),
      HOST: '127.0.0.1',
    });
    try {
      await worker.waitFor(/worker polling/);
      const account = await registerAccount(t.app, 'worker-proc');
      const ping = await call<{ status: string; result: { answered_by: string } }>(
        t.app,
        'POST',
        '/api/v1/system/ping',
        {
          token: account.token,
          body: { message: 'from another process' },
        },
      );
      expect(ping.status).toBe(200);
      // Answered by the worker process (tsx runs it as a child, so its pid is not worker.child.pid).
      expect(ping.body.result.answered_by).not.toContain(`:${process.pid}`);

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/temporal_worker_task_slots_available|temporal_workflow_completed/);
      expect(metrics).toContain('service="conveyor-worker"');
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0);
    }
  });
});
