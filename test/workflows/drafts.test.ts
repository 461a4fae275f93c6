import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createWorkflow, execute, greetingDefinition, publish, type WorkflowBody } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'wf-drafts');
});
afterAll(() => t?.close());

describe('editing drafts', () => {
  it('lists every problem of an invalid definition, on create and on edit', async () => {
    const invalid = {
      variables: { count: { type: 'integer', default: 'many' } },
      steps: [
        { id: 'a', type: 'transform', config: { value: 'total: {{ 1 + }}' } },
        { id: 'a', type: 'teleport', config: {} },
        { id: 'c', type: 'http', config: { method: 'FETCH' } },
        { id: 'd', type: 'transform', config: { value: 1 }, when: '((', on_error: { goto: 'nowhere' } },
      ],
    };
    const created = await call<{ code: string; errors: { path: string; code: string }[] }>(
      t.app,
      'POST',
      '/api/v1/workflows',
      { token: account.token, body: { name: 'broken', definition: invalid } },
    );
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('invalid_definition');
    const problems = created.body.errors.map((e) => [e.path, e.code]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['definition.steps[0].config', 'invalid_expression'],
        ['definition.steps[1].id', 'duplicate_step_id'],
        ['definition.steps[1].type', 'unknown_step_type'],
        ['definition.steps[2].config.method', 'invalid_value'],
        ['definition.steps[2].config.url', 'invalid_type'],
        ['definition.steps[3].on_error.goto', 'unknown_goto'],
        ['definition.steps[3].when', 'invalid_expression'],
        ['definition.variables.count.default', 'invalid_default'],
      ]),
    );
    expect(problems.length).toBe(8);

    const workflow = await createWorkflow(t.app, account);
    const edit = await call<{ code: string; errors: unknown[] }>(
      t.app,
      'PUT',
      `/api/v1/workflows/${workflow.id}`,
      { token: account.token, body: { name: 'x', definition: { steps: [] } } },
    );
    expect(edit.status).toBe(400);
    expect(edit.body.code).toBe('invalid_definition');
    const unchanged = await call<WorkflowBody>(t.app, 'GET', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
    });
    expect(unchanged.body.draft_revision).toBe(1);
  });
  it('refuses a stale edit with 409 revision_conflict (If-Match or body revision)', async () => {
    const workflow = await createWorkflow(t.app, account);
    const path = `/api/v1/workflows/${workflow.id}`;
    const first = await call<WorkflowBody>(t.app, 'PATCH', path, {
      token: account.token,
      body: { name: 'first writer' },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.body.draft_revision).toBe(2);

    const stale = await call<{ code: string; current_revision: number }>(t.app, 'PATCH', path, {
      token: account.token,
      body: { name: 'second writer' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'revision_conflict', current_revision: 2 });
    const staleBody = await call(t.app, 'PUT', path, {
      token: account.token,
      body: { name: 'second writer', definition: greetingDefinition(), draft_revision: 1 },
    });
    expect(staleBody.status).toBe(409);

    const current = await call<WorkflowBody>(t.app, 'GET', path, { token: account.token });
    expect(current.body).toMatchObject({ name: 'first writer', draft_revision: 2 });
    expect(current.headers.get('etag')).toBe('"2"');
    const fresh = await call<WorkflowBody>(t.app, 'PATCH', path, {
      token: account.token,
      body: { name: 'second writer' },
      headers: { 'if-match': current.headers.get('etag') as string },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.draft_revision).toBe(3);

    const garbled = await call(t.app, 'PATCH', path, {
      token: account.token,
      body: { name: 'x' },
      headers: { 'if-match': 'yesterday' },
    });
    expect(garbled.status).toBe(400);
  });
  it('archives: no more runs, no more edits; publishing restores it', async () => {
    const workflow = await createWorkflow(t.app, account);
    await publish(t.app, account, workflow.id);
    const archived = await call<WorkflowBody>(t.app, 'POST', `/api/v1/workflows/${workflow.id}/archive`, {
      token: account.token,
    });
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');

    const run = await execute(t.app, account, workflow.id, { name: 'ada' });
    expect(run.status).toBe(409);
    expect(run.body).toMatchObject({ code: 'workflow_archived' });
    const edit = await call(t.app, 'PATCH', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
      body: { name: 'nope' },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('workflow_archived');

    const restored = await publish(t.app, account, workflow.id);
    expect(restored).toMatchObject({ status: 'published', published_version: 1 });
    expect((await execute(t.app, account, workflow.id, { name: 'ada' })).status).toBe(202);
  });
  it('clones the draft into a new workflow', async () => {
    const source = await createWorkflow(t.app, account, {
      name: 'Original',
      tags: ['x'],
      definition: greetingDefinition('hey'),
    });
    await publish(t.app, account, source.id);
    const copy = await call<WorkflowBody>(t.app, 'POST', `/api/v1/workflows/${source.id}/clone`, {
      token: account.token,
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: 'Original (copy)',
      status: 'draft',
      published_version: null,
      draft_revision: 1,
      tags: ['x'],
      definition: source.definition,
    });
    expect(copy.body.id).not.toBe(source.id);
    const named = await call<WorkflowBody>(t.app, 'POST', `/api/v1/workflows/${source.id}/clone`, {
      token: account.token,
      body: { name: 'Second copy' },
    });
    expect(named.body.name).toBe('Second copy');
  });
});
