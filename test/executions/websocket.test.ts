import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WebSocket } from 'ws';
import { platformOf } from '../../src/api/deps.js';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { createEventSocket, type EventSocket, MAX_SOCKETS_PER_USER } from '../../src/api/ws/event-socket.js';
import { rolePermissions, userRoles } from '../../src/db/schema/index.js';
import { issueAccessToken } from '../../src/services/auth/access-tokens.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { freePort, runEntryPoint } from '../harness/processes.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { connectSocket, statusEvent } from './helpers.js';

let t: TestApp;
let events: EventSocket;
let server: RunningApi;
let wsUrl: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  events = await createEventSocket(t.deps, { databaseUrl: t.testDatabase.url });
  server = await serveApi(t.app, '127.0.0.1', 0, { onUpgrade: events.handleUpgrade });
  wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await events?.close();
  await server?.close();
  await t?.close();
});

function open(url: string, headers?: Record<string, string>) {
  const client = connectSocket(url, headers);
  sockets.push(client.ws);
  return client;
}

/** The server sees the close a moment after the client: retry the upgrade until the slot is free. */
async function eventuallyOpen(token: string) {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await open(`${wsUrl}?token=${token}`).opened;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const transformWorkflow = (account: Account) =>
  seedPublishedWorkflow(t, account, { steps: [{ id: 'x', type: 'transform', config: { value: 'done' } }] });

describe('WebSocket /ws', () => {
  it('sends status changes of the token’s organization only', async () => {
    const alice = await registerAccount(t.app, 'ws-alice');
    const bob = await registerAccount(t.app, 'ws-bob');
    const aliceSocket = open(`${wsUrl}?token=${alice.token}`);
    const aliceSecond = open(wsUrl, { authorization: `Bearer ${alice.token}` });
    const bobSocket = open(`${wsUrl}?token=${bob.token}`);
    await Promise.all([aliceSocket.opened, aliceSecond.opened, bobSocket.opened]);

    const aliceRun = await launch(t, alice, await transformWorkflow(alice));
    const bobRun = await launch(t, bob, await transformWorkflow(bob));
    await waitForOutcome(t, aliceRun.id);
    await waitForOutcome(t, bobRun.id);

    const started = await aliceSocket.waitFor(statusEvent(aliceRun.id, 'running'));
    expect(started).toMatchObject({ type: 'execution.status_changed', at: expect.any(String) });
    await aliceSocket.waitFor(statusEvent(aliceRun.id, 'completed'));
    // Every socket of the organization in this process gets it.
    await aliceSecond.waitFor(statusEvent(aliceRun.id, 'completed'));
    // Bob's socket works (it sees his run) and never saw Alice's, nor she his.
    await bobSocket.waitFor(statusEvent(bobRun.id, 'completed'));
    expect(bobSocket.messages.filter((m) => m.data.execution_id === aliceRun.id)).toEqual([]);
    expect(aliceSocket.messages.filter((m) => m.data.execution_id === bobRun.id)).toEqual([]);
  });

  it('refuses the upgrade with 401 without a valid token and 403 without executions:read', async () => {
    for (const url of [
      wsUrl,
      `${wsUrl}?token=not-a-jwt`,
      `${wsUrl}?token=${'x'.repeat(10)}.${'y'.repeat(10)}.z`,
    ]) {
      await expect(open(url).opened, url).rejects.toMatchObject({ statusCode: 401 });
    }
    const limited = await registerAccount(t.app, 'ws-limited');
    const db = t.deps.database.db;
    const [role] = await db.select().from(userRoles).where(eq(userRoles.userId, limited.userId));
    await db
      .delete(rolePermissions)
      .where(
        and(
          eq(rolePermissions.roleId, role?.roleId ?? ''),
          eq(rolePermissions.permissionKey, 'executions:read'),
        ),
      );
    await expect(open(`${wsUrl}?token=${limited.token}`).opened).rejects.toMatchObject({ statusCode: 403 });
    await expect(open(`${server.url.replace(/^http/, 'ws')}/elsewhere`).opened).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('caps the sockets one user holds, and frees a slot when one closes', async () => {
    const hoarder = await registerAccount(t.app, 'ws-hoarder');
    const held = Array.from({ length: MAX_SOCKETS_PER_USER }, () => open(`${wsUrl}?token=${hoarder.token}`));
    await Promise.all(held.map((client) => client.opened));
    await expect(open(`${wsUrl}?token=${hoarder.token}`).opened).rejects.toMatchObject({ statusCode: 429 });
    // Another user of the same organization is not affected by the first one's sockets.
    const other = await registerAccount(t.app, 'ws-other');
    await open(`${wsUrl}?token=${other.token}`).opened;
    const first = held[0]?.ws as WebSocket;
    const closed = new Promise((resolve) => first.once('close', resolve));
    first.close();
    await closed;
    await eventuallyOpen(hoarder.token);
  });

  it('closes the socket with 4401 when the access token expires', async () => {
    const account = await registerAccount(t.app, 'ws-expiry');
    const { token } = await issueAccessToken(
      t.deps.secrets,
      { ...platformOf(t.deps).config.auth.tokens, accessTtlSeconds: 2 },
      { userId: account.userId, orgId: account.orgId },
    );
    const client = open(`${wsUrl}?token=${token}`);
    await client.opened;
    const closed = await client.closed;
    expect(closed.code).toBe(4401);
  });

  it('answers pings, ignores anything else, and survives malformed and oversized frames', async () => {
    const account = await registerAccount(t.app, 'ws-ping');
    const client = open(`${wsUrl}?token=${account.token}`);
    await client.opened;
    client.ws.send('not json at all {');
    client.ws.send(Buffer.from([0, 1, 2, 3]));
    client.ws.send(JSON.stringify({ type: 'subscribe', to: 'everything' }));
    client.ws.send(JSON.stringify(null));
    client.ws.send(JSON.stringify({ type: 'ping' }));
    await client.waitFor((m) => m.type === 'pong');
    expect(client.messages).toEqual([{ type: 'pong' }]);

    client.ws.send('x'.repeat(65 * 1024));
    expect((await client.closed).code).toBe(1009);
    // The server carries on.
    const next = open(`${wsUrl}?token=${account.token}`);
    await next.opened;
    next.ws.send(JSON.stringify({ type: 'ping' }));
    await next.waitFor((m) => m.type === 'pong');
  });

  it('documents GET /ws; over plain HTTP it answers 426, or 401 without a token', async () => {
    const account = await registerAccount(t.app, 'ws-http');
    expect((await call(t.app, 'GET', '/ws')).status).toBe(401);
    expect((await call(t.app, 'GET', '/ws?token=bad')).status).toBe(401);
    const plain = await call(t.app, 'GET', '/ws', { token: account.token });
    expect(plain.status).toBe(426);
    expect(plain.body).toMatchObject({ code: 'upgrade_required' });
    expect((await call(t.app, 'GET', `/ws?token=${account.token}`)).status).toBe(426);
    // Through the real server too (not an upgrade, so the app answers).
    const response = await fetch(`${server.url}/ws?token=${account.token}`);
    expect(response.status).toBe(426);

    const spec = await call<{ paths: Record<string, { get?: Record<string, unknown> }> }>(
      t.app,
      'GET',
      '/openapi.json',
    );
    expect(spec.body.paths['/ws']?.get).toMatchObject({
      tags: ['WebSocket'],
      'x-permission': 'executions:read',
      description: expect.stringContaining('execution.status_changed'),
    });
  });

  it.runIf(process.env.DATABASE_URL)(
    'delivers events to a socket held by a second API process on the same PostgreSQL',
    async () => {
      const account = await registerAccount(t.app, 'ws-fanout');
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'conveyor-ws-'));
      const second = runEntryPoint('src/api/server.ts', {
        DATABASE_URL: t.testDatabase.url as string,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        TEMPORAL_TASK_QUEUE: t.deps.config.TEMPORAL_TASK_QUEUE,
        PORT: String(port),
        HOST: '127.0.0.1',
        CONVEYOR_DATA_DIR: dataDir,
        // The same keys as the first API, so its access tokens verify here too.
        JWT_PRIVATE_KEY: t.deps.secrets.jwt.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        CONVEYOR_MASTER_KEY: t.deps.secrets.masterKey.toString('base64'),
        LOG_LEVEL: 'info',
      });
      try {
        await second.waitFor(/API listening/);
        const client = open(`ws://127.0.0.1:${port}/ws?token=${account.token}`);
        await client.opened;
        // Started through the first API process; the worker records the outcome through its own pool.
        const run = await launch(t, account, await transformWorkflow(account));
        await client.waitFor(statusEvent(run.id, 'running'));
        await client.waitFor(statusEvent(run.id, 'completed'));
        client.ws.close();
      } finally {
        expect(await second.stop('SIGTERM')).toBe(0);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
