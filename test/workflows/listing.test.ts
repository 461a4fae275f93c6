import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, workflows } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createWorkflow, greetingDefinition, publish } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'wf-listing');
});
afterAll(() => t?.close());

describe('history, deletion and listing', () => {
  it('records every change in the history, newest first', async () => {
    const workflow = await createWorkflow(t.app, account);
    await call(t.app, 'PATCH', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
      body: { name: 'renamed', tags: ['a'] },
    });
    await publish(t.app, account, workflow.id);
    await call(t.app, 'POST', `/api/v1/workflows/${workflow.id}/archive`, { token: account.token });
    const history = await call<{
      items: { action: string; actor: { type: string; id: string }; details: Record<string, unknown> }[];
      total: number;
    }>(t.app, 'GET', `/api/v1/workflows/${workflow.id}/history?page_size=3`, { token: account.token });
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(4);
    expect(history.body.items.map((i) => i.action)).toEqual([
      'workflow.archive',
      'workflow.publish',
      'workflow.update',
    ]);
    expect(history.body.items[0]?.actor).toEqual({ type: 'user', id: account.userId });
    expect(history.body.items[1]?.details).toMatchObject({ version: 1, new_version: true });
    expect(history.body.items[2]?.details).toMatchObject({ fields: ['name', 'tags'] });
    const older = await call<{ items: { action: string }[] }>(
      t.app,
      'GET',
      `/api/v1/workflows/${workflow.id}/history?page=2&page_size=3`,
      { token: account.token },
    );
    expect(older.body.items.map((i) => i.action)).toEqual(['workflow.create']);
  });
  it('soft-deletes: every later read answers 404, the row stays', async () => {
    const workflow = await createWorkflow(t.app, account);
    const deleted = await call(t.app, 'DELETE', `/api/v1/workflows/${workflow.id}`, { token: account.token });
    expect(deleted.status).toBe(204);
    const [row] = await t.deps.database.db.select().from(workflows).where(eq(workflows.id, workflow.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const [audit] = await t.deps.database.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.resourceId, workflow.id), eq(auditLogs.action, 'workflow.delete')));
    expect(audit?.actorId).toBe(account.userId);
    for (const [method, path] of [
      ['GET', `/api/v1/workflows/${workflow.id}`],
      ['GET', `/api/v1/workflows/${workflow.id}/history`],
      ['POST', `/api/v1/workflows/${workflow.id}/publish`],
      ['DELETE', `/api/v1/workflows/${workflow.id}`],
    ] as const) {
      expect((await call(t.app, method, path, { token: account.token })).status, `${method} ${path}`).toBe(
        404,
      );
    }
    const list = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/workflows?page_size=200', {
      token: account.token,
    });
    expect(list.body.items.map((w) => w.id)).not.toContain(workflow.id);
  });
  it('lists newest first and filters by status, tag and name', async () => {
    const owner = await registerAccount(t.app, 'wf-list');
    const a = await createWorkflow(t.app, owner, {
      name: 'Invoice 100% sync',
      tags: ['finance'],
      definition: greetingDefinition(),
    });
    const b = await createWorkflow(t.app, owner, {
      name: 'Lead router',
      tags: ['sales'],
      definition: greetingDefinition(),
    });
    const c = await createWorkflow(t.app, owner, {
      name: 'invoice reminder',
      tags: ['finance', 'email'],
      definition: greetingDefinition(),
    });
    await publish(t.app, owner, b.id);
    const list = async (query: string) =>
      (
        await call<{ items: { id: string }[]; total: number }>(t.app, 'GET', `/api/v1/workflows${query}`, {
          token: owner.token,
        })
      ).body;
    expect((await list('')).items.map((w) => w.id)).toEqual([c.id, b.id, a.id]);
    expect((await list('?status=published')).items.map((w) => w.id)).toEqual([b.id]);
    expect((await list('?tag=finance')).items.map((w) => w.id)).toEqual([c.id, a.id]);
    expect((await list('?q=INVOICE')).items.map((w) => w.id)).toEqual([c.id, a.id]);
    expect((await list('?q=100%25')).items.map((w) => w.id)).toEqual([a.id]);
    expect((await list('?q=_')).total).toBe(0);
    const paged = await list('?page=2&page_size=2');
    expect(paged).toMatchObject({ total: 3, items: [{ id: a.id }] });
    // Another organization sees none of them.
    const stranger = await registerAccount(t.app, 'wf-list-stranger');
    expect(
      (await call<{ total: number }>(t.app, 'GET', '/api/v1/workflows', { token: stranger.token })).body
        .total,
    ).toBe(0);
  });
});
