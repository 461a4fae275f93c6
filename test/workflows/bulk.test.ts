import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows } from '../../src/db/schema/index.js';
import { bulkWorkflowAction } from '../../src/services/workflows/bulk-workflows.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createWorkflow, greetingDefinition, publish } from './api.js';

let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'wf-bulk');
  stranger = await registerAccount(t.app, 'wf-bulk-stranger');
});
afterAll(() => t?.close());

interface BulkResult {
  results: { id: string; ok: boolean; status?: string; version?: number; error?: { code: string } }[];
  succeeded: number;
  failed: number;
}

const rowOf = async (id: string) =>
  (await t.deps.database.db.select().from(workflows).where(eq(workflows.id, id)))[0];

describe('bulk workflow operations', () => {
  it('publishes own workflows and reports foreign and missing ids as not_found, touching neither', async () => {
    const [a, b] = [await createWorkflow(t.app, owner), await createWorkflow(t.app, owner)];
    const foreign = await createWorkflow(t.app, stranger);
    const response = await call<BulkResult>(t.app, 'POST', '/api/v1/bulk/workflows/publish', {
      token: owner.token,
      body: { ids: [a.id, foreign.id, 'wf_missing', b.id] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { id: a.id, ok: true, status: 'published', version: 1 },
        { id: foreign.id, ok: false, error: { code: 'not_found', message: 'Workflow not found' } },
        { id: 'wf_missing', ok: false, error: { code: 'not_found', message: 'Workflow not found' } },
        { id: b.id, ok: true, status: 'published', version: 1 },
      ],
      succeeded: 2,
      failed: 2,
    });
    expect(await rowOf(foreign.id)).toMatchObject({ status: 'draft', publishedVersion: null });
  });

  it('reports an invalid draft as that item failing, not the whole request', async () => {
    const good = await createWorkflow(t.app, owner);
    const broken = await createWorkflow(t.app, owner);
    // A draft that became invalid (e.g. a step type was removed) is only caught at publish.
    await t.deps.database.db
      .update(workflows)
      .set({ definition: { steps: [{ id: 'x', type: 'retired_type', config: {} }] } })
      .where(eq(workflows.id, broken.id));
    const response = await call<BulkResult>(t.app, 'POST', '/api/v1/bulk/workflows/publish', {
      token: owner.token,
      body: { ids: [broken.id, good.id] },
    });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r) => [r.ok, r.error?.code])).toEqual([
      [false, 'invalid_definition'],
      [true, undefined],
    ]);
  });

  it('archives and deletes with the same per-item rules', async () => {
    const a = await createWorkflow(t.app, owner);
    await publish(t.app, owner, a.id);
    const foreign = await createWorkflow(t.app, stranger);
    const archived = await call<BulkResult>(t.app, 'POST', '/api/v1/bulk/workflows/archive', {
      token: owner.token,
      body: { ids: [a.id, foreign.id] },
    });
    expect(archived.body).toMatchObject({
      results: [
        { id: a.id, ok: true, status: 'archived' },
        { id: foreign.id, ok: false, error: { code: 'not_found' } },
      ],
      succeeded: 1,
      failed: 1,
    });
    expect((await rowOf(foreign.id))?.status).toBe('draft');

    const deleted = await call<BulkResult>(t.app, 'POST', '/api/v1/bulk/workflows/delete', {
      token: owner.token,
      body: { ids: [a.id, foreign.id, 'missing'] },
    });
    expect(deleted.body.results.map((r) => r.ok)).toEqual([true, false, false]);
    expect((await rowOf(a.id))?.deletedAt).not.toBeNull();
    expect((await rowOf(foreign.id))?.deletedAt).toBeNull();
    expect((await call(t.app, 'GET', `/api/v1/workflows/${a.id}`, { token: owner.token })).status).toBe(404);
    const again = await call<BulkResult>(t.app, 'POST', '/api/v1/bulk/workflows/delete', {
      token: owner.token,
      body: { ids: [a.id] },
    });
    expect(again.body.results[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('audits each item that changed', async () => {
    const a = await createWorkflow(t.app, owner, { name: 'audited', definition: greetingDefinition() });
    await call(t.app, 'POST', '/api/v1/bulk/workflows/publish', {
      token: owner.token,
      body: { ids: [a.id] },
    });
    const history = await call<{ items: { action: string }[] }>(
      t.app,
      'GET',
      `/api/v1/workflows/${a.id}/history`,
      {
        token: owner.token,
      },
    );
    expect(history.body.items.map((i) => i.action)).toEqual(['workflow.publish', 'workflow.create']);
  });

  it('refuses an empty, oversized or repetitive id list with 400', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `wf_${i}`);
    for (const body of [{ ids: [] }, { ids }, { ids: ['wf_a', 'wf_a'] }, {}]) {
      const response = await call(t.app, 'POST', '/api/v1/bulk/workflows/archive', {
        token: owner.token,
        body,
      });
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
  });

  it('needs the permission of the single action, checked before any item', async () => {
    const a = await createWorkflow(t.app, owner);
    const editor = userContextFor(t, owner, ['workflows:write']);
    await expect(bulkWorkflowAction(editor, 'publish', [a.id])).rejects.toMatchObject({ status: 403 });
    await expect(bulkWorkflowAction(editor, 'archive', [a.id])).rejects.toMatchObject({ status: 403 });
    expect((await rowOf(a.id))?.status).toBe('draft');
    expect(await bulkWorkflowAction(editor, 'delete', [a.id])).toMatchObject({ succeeded: 1 });
  });
});
