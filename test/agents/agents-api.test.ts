import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, auditLogs } from '../../src/db/schema/index.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AgentsTestApp, agentsApp, claim, heartbeat, memberWithRole, registerRobot } from './helpers.js';

let t: AgentsTestApp;
beforeAll(async () => {
  t = await agentsApp({ worker: false });
});
afterAll(() => t?.close());

async function auditActions(account: Account, agentId: string) {
  const rows = await t.deps.database.db
    .select({ action: auditLogs.action, actorId: auditLogs.actorId })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, account.orgId), eq(auditLogs.resourceId, agentId)));
  return rows.map((row) => row.action);
}

describe('registering robots', () => {
  it('shows the token once and keeps only its SHA-256', async () => {
    const owner = await registerAccount(t.app, 'agents-reg');
    const created = await call<Record<string, unknown> & { id: string; token: string }>(
      t.app,
      'POST',
      '/api/v1/agents',
      {
        token: owner.token,
        body: {
          kind: 'robot',
          name: 'Invoice robot',
          labels: ['sap', 'sap'],
          capabilities: ['excel'],
          max_concurrency: 2,
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rbt_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      kind: 'robot',
      name: 'Invoice robot',
      labels: ['sap'],
      capabilities: ['excel'],
      max_concurrency: 2,
      status: 'offline',
      tasks_in_hand: 0,
      token_prefix: created.body.token.slice(0, 10),
    });

    const [row] = await t.deps.database.db.select().from(agents).where(eq(agents.id, created.body.id));
    expect(row?.tokenHash).toBe(createHash('sha256').update(created.body.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.body.token);

    const read = await call(t.app, 'GET', `/api/v1/agents/${created.body.id}`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.body.token).toBeUndefined();
    expect(read.body.token_prefix).toBe(created.body.token_prefix);
    expect(await auditActions(owner, created.body.id)).toEqual(['agent.register']);
  });

  it('refuses AI agents for now, unknown fields and a missing name', async () => {
    const owner = await registerAccount(t.app, 'agents-bad');
    const ai = await call(t.app, 'POST', '/api/v1/agents', {
      token: owner.token,
      body: { kind: 'ai', name: 'Claude' },
    });
    expect(ai.status).toBe(400);
    expect(ai.body.code).toBe('not_supported_yet');
    for (const body of [
      { kind: 'robot', name: 'x', token: 'mine' },
      { kind: 'robot' },
      { kind: 'robot', name: 'x', max_concurrency: 0 },
    ]) {
      const answer = await call(t.app, 'POST', '/api/v1/agents', { token: owner.token, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('needs agents:write to register; agents:read to list', async () => {
    const owner = await registerAccount(t.app, 'agents-perm');
    const viewer = await memberWithRole(t, owner, 'viewer');
    const denied = await call(t.app, 'POST', '/api/v1/agents', {
      token: viewer.token,
      body: { kind: 'robot', name: 'x' },
    });
    expect(denied.status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/agents', { token: viewer.token })).status).toBe(200);
  });
});

describe('the fleet', () => {
  it('derives online and offline from the last heartbeat, and filters by status, label and kind', async () => {
    const owner = await registerAccount(t.app, 'agents-fleet');
    const alive = await registerRobot(t, owner, { name: 'alive', labels: ['windows'] });
    await registerRobot(t, owner, { name: 'silent', labels: ['linux'] });
    const gone = await registerRobot(t, owner, { name: 'gone', labels: ['windows'] });
    const beat = await heartbeat(t, alive, {
      status: 'idle',
      version: '1.2.3',
      host: { hostname: 'rpa-01' },
      current_load: 0,
    });
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({ agent_id: alive.id, status: 'online', cancel_task_ids: [] });
    await heartbeat(t, gone);
    // A robot that died five minutes ago: its last heartbeat simply grew old.
    await t.deps.database.db
      .update(agents)
      .set({ lastHeartbeatAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(agents.id, gone.id));

    const names = async (query: string) => {
      const answer = await call<{ items: { name: string }[]; total: number }>(
        t.app,
        'GET',
        `/api/v1/agents${query}`,
        {
          token: owner.token,
        },
      );
      expect(answer.status, query).toBe(200);
      return answer.body.items.map((item) => item.name).sort();
    };
    expect(await names('')).toEqual(['alive', 'gone', 'silent']);
    expect(await names('?status=online')).toEqual(['alive']);
    expect(await names('?status=offline')).toEqual(['gone', 'silent']);
    expect(await names('?label=windows')).toEqual(['alive', 'gone']);
    expect(await names('?kind=ai')).toEqual([]);
    expect(await names('?kind=robot&status=offline&label=linux')).toEqual(['silent']);

    const detail = await call(t.app, 'GET', `/api/v1/agents/${alive.id}`, { token: owner.token });
    expect(detail.body).toMatchObject({
      status: 'online',
      reported_status: 'idle',
      version: '1.2.3',
      host: { hostname: 'rpa-01' },
    });
    const stats = await call(t.app, 'GET', '/api/v1/agents/stats', { token: owner.token });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      total: 3,
      by_kind: { robot: 3, ai: 0 },
      by_status: { online: 1, offline: 2 },
      online_now: 1,
      tasks_done: 0,
      mean_task_seconds: null,
    });
  });

  it('updates with PUT (all fields) and PATCH (some), each audited', async () => {
    const owner = await registerAccount(t.app, 'agents-update');
    const robot = await registerRobot(t, owner, {
      name: 'before',
      labels: ['a'],
      capabilities: ['x'],
      max_concurrency: 3,
    });
    const patched = await call(t.app, 'PATCH', `/api/v1/agents/${robot.id}`, {
      token: owner.token,
      body: { labels: ['b', 'c'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'before',
      labels: ['b', 'c'],
      capabilities: ['x'],
      max_concurrency: 3,
    });
    const replaced = await call(t.app, 'PUT', `/api/v1/agents/${robot.id}`, {
      token: owner.token,
      body: { name: 'after' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'after', labels: [], capabilities: [], max_concurrency: 1 });
    const invalid = await call(t.app, 'PATCH', `/api/v1/agents/${robot.id}`, {
      token: owner.token,
      body: { kind: 'ai' },
    });
    expect(invalid.status).toBe(400);
    expect(await auditActions(owner, robot.id)).toEqual(['agent.register', 'agent.update', 'agent.update']);
  });

  it('soft-deletes: the agent is gone from every read and its token stops working', async () => {
    const owner = await registerAccount(t.app, 'agents-delete');
    const robot = await registerRobot(t, owner);
    expect((await heartbeat(t, robot)).status).toBe(200);
    const deleted = await call(t.app, 'DELETE', `/api/v1/agents/${robot.id}`, { token: owner.token });
    expect(deleted.status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/agents/${robot.id}`, { token: owner.token })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/agents/${robot.id}`, { token: owner.token })).status).toBe(
      404,
    );
    expect((await heartbeat(t, robot)).status).toBe(401);
    expect((await claim(t, robot)).status).toBe(401);
    const [row] = await t.deps.database.db.select().from(agents).where(eq(agents.id, robot.id));
    expect(row?.deletedAt).not.toBeNull();
    expect(await auditActions(owner, robot.id)).toEqual(['agent.register', 'agent.delete']);
  });
});

describe('robot tokens', () => {
  it('rotation refuses the old token at once and accepts the new one', async () => {
    const owner = await registerAccount(t.app, 'agents-rotate');
    const robot = await registerRobot(t, owner);
    expect((await heartbeat(t, robot)).status).toBe(200);
    const rotated = await call<{ token: string; token_prefix: string }>(
      t.app,
      'POST',
      `/api/v1/agents/${robot.id}/rotate-token`,
      { token: owner.token },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).toMatch(/^rbt_/);
    expect(rotated.body.token).not.toBe(robot.token);
    expect(rotated.body.token_prefix).toBe(rotated.body.token.slice(0, 10));

    const old = await heartbeat(t, robot);
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'unauthorized' });
    expect((await claim(t, robot)).status).toBe(401);
    const renewed = { ...robot, token: rotated.body.token };
    expect((await heartbeat(t, renewed)).status).toBe(200);
    expect((await claim(t, renewed)).status).toBe(200);
    expect(await auditActions(owner, robot.id)).toEqual(['agent.register', 'agent.rotate_token']);
  });

  it('a robot token reaches no user route, and a user token no robot route', async () => {
    const owner = await registerAccount(t.app, 'agents-split');
    const robot = await registerRobot(t, owner);
    for (const [method, path] of [
      ['GET', '/api/v1/agents'],
      ['GET', `/api/v1/agents/${robot.id}`],
      ['POST', `/api/v1/agents/${robot.id}/rotate-token`],
      ['GET', '/api/v1/agent-tasks/queue'],
      ['GET', '/api/v1/workflows'],
      ['GET', '/api/v1/auth/me'],
    ] as const) {
      const answer = await call(t.app, method, path, { token: robot.token });
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
    for (const [method, path] of [
      ['POST', '/api/v1/agent-tasks/claim'],
      ['POST', `/api/v1/agents/${robot.id}/heartbeat`],
      ['POST', '/api/v1/agent-tasks/tsk_anything/result'],
    ] as const) {
      const answer = await call(t.app, method, path, { token: owner.token, body: { status: 'success' } });
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
  });

  it('a robot heartbeats only for itself', async () => {
    const owner = await registerAccount(t.app, 'agents-self');
    const robot = await registerRobot(t, owner, { name: 'one' });
    const sibling = await registerRobot(t, owner, { name: 'two' });
    const stranger = await registerRobot(t, await registerAccount(t.app, 'agents-other'));
    const asSibling = await call(t.app, 'POST', `/api/v1/agents/${sibling.id}/heartbeat`, {
      token: robot.token,
      body: {},
    });
    expect(asSibling.status).toBe(403);
    const foreign = await call(t.app, 'POST', `/api/v1/agents/${stranger.id}/heartbeat`, {
      token: robot.token,
      body: {},
    });
    expect(foreign.status).toBe(404);
    const [row] = await t.deps.database.db.select().from(agents).where(eq(agents.id, sibling.id));
    expect(row?.lastHeartbeatAt).toBeNull();
  });
});
