import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { waitForOutcome } from '../harness/workflows.js';
import { createWorkflow, execute, greetingDefinition, publish, type WorkflowBody } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'wf-lifecycle');
});
afterAll(() => t?.close());

describe('workflow lifecycle', () => {
  it('creates, edits, publishes and runs a workflow to completion', async () => {
    const created = await createWorkflow(t.app, account, {
      name: 'Greeter',
      description: 'Says hello',
      tags: ['demo', 'demo', 'greetings'],
      definition: greetingDefinition('hi'),
    });
    expect(created).toMatchObject({
      name: 'Greeter',
      status: 'draft',
      draft_revision: 1,
      published_version: null,
      tags: ['demo', 'greetings'],
      created_by: account.userId,
    });
    // Stored normalized: the step config and variable defaults as validated.
    expect(created.definition).toMatchObject({ steps: [{ id: 'greet' }, { id: 'repeat' }] });

    const updated = await call<WorkflowBody>(t.app, 'PATCH', `/api/v1/workflows/${created.id}`, {
      token: account.token,
      body: { definition: greetingDefinition('hello'), draft_revision: 1 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.draft_revision).toBe(2);
    expect(updated.headers.get('etag')).toBe('"2"');

    const notYet = await execute(t.app, account, created.id, { name: 'ada' });
    expect(notYet.status).toBe(409);
    expect(notYet.body).toMatchObject({ code: 'workflow_not_published' });

    const published = await publish(t.app, account, created.id);
    expect(published).toMatchObject({ status: 'published', published_version: 1 });
    expect(published.versions?.map((v) => v.version)).toEqual([1]);
    expect(published.versions?.[0]?.published_by).toBe(account.userId);

    const started = await execute(t.app, account, created.id, { name: 'ada', times: 2 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      status: 'running',
      workflow_id: created.id,
      workflow_version: 1,
      created: true,
      temporal: { namespace: t.deps.temporal.namespace, workflow_id: started.body.execution_id },
    });
    expect(started.body.temporal.run_id).toBeTruthy();
    expect(started.headers.get('location')).toBe(`/api/v1/executions/${started.body.execution_id}`);
    const outcome = await waitForOutcome(t, started.body.execution_id);
    expect(outcome.status).toBe('completed');
    expect(outcome.output).toBe('hello ada hello ada');
    expect(outcome.trigger).toBe('manual');

    const runs = await call<{ items: { id: string; status: string }[]; total: number }>(
      t.app,
      'GET',
      `/api/v1/workflows/${created.id}/executions?status=completed`,
      { token: account.token },
    );
    expect(runs.status).toBe(200);
    expect(runs.body.total).toBe(1);
    expect(runs.body.items[0]).toMatchObject({ id: started.body.execution_id, status: 'completed' });
    const running = await call<{ total: number }>(
      t.app,
      'GET',
      `/api/v1/workflows/${created.id}/executions?status=running`,
      { token: account.token },
    );
    expect(running.body.total).toBe(0);
  });
  it('publishing an unchanged draft again answers the existing version; a changed one the next', async () => {
    const workflow = await createWorkflow(t.app, account);
    expect((await publish(t.app, account, workflow.id)).published_version).toBe(1);
    expect((await publish(t.app, account, workflow.id)).published_version).toBe(1);
    await call(t.app, 'PATCH', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
      body: { name: 'renamed only' },
    });
    // A new name is not a new definition: still version 1.
    expect((await publish(t.app, account, workflow.id)).published_version).toBe(1);
    await call(t.app, 'PATCH', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
      body: { definition: greetingDefinition('salut') },
    });
    const republished = await publish(t.app, account, workflow.id);
    expect(republished.published_version).toBe(2);
    expect(republished.versions?.map((v) => v.version)).toEqual([2, 1]);
  });
  it('keeps the published version when the draft is edited, until the next publish', async () => {
    const workflow = await createWorkflow(t.app, account);
    await publish(t.app, account, workflow.id);
    const edit = await call<WorkflowBody>(t.app, 'PUT', `/api/v1/workflows/${workflow.id}`, {
      token: account.token,
      body: { name: 'greeter v2', definition: greetingDefinition('bonjour') },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ status: 'published', published_version: 1, draft_revision: 2 });

    const run = await execute(t.app, account, workflow.id, { name: 'ada' });
    expect(run.body.workflow_version).toBe(1);
    expect((await waitForOutcome(t, run.body.execution_id)).output).toBe('hello ada');

    await publish(t.app, account, workflow.id);
    const after = await execute(t.app, account, workflow.id, { name: 'ada' });
    expect(after.body.workflow_version).toBe(2);
    expect((await waitForOutcome(t, after.body.execution_id)).output).toBe('bonjour ada');
  });
  it('finishes a run started before an edit and republish with the definition it started with', async () => {
    // Its own app with no worker yet, so the first run is certainly still pending during the edit.
    const paused = await createTestApp();
    try {
      const owner = await registerAccount(paused.app, 'wf-paused');
      const workflow = await createWorkflow(paused.app, owner);
      await publish(paused.app, owner, workflow.id);
      const before = await execute(paused.app, owner, workflow.id, { name: 'ada' });
      expect(before.status).toBe(202);
      const edit = await call(paused.app, 'PATCH', `/api/v1/workflows/${workflow.id}`, {
        token: owner.token,
        body: { definition: greetingDefinition('hola') },
      });
      expect(edit.status).toBe(200);
      expect((await publish(paused.app, owner, workflow.id)).published_version).toBe(2);
      const after = await execute(paused.app, owner, workflow.id, { name: 'ada' });

      await paused.startWorker();
      const [first, second] = await Promise.all([
        waitForOutcome(paused, before.body.execution_id),
        waitForOutcome(paused, after.body.execution_id),
      ]);
      expect([first.workflowVersion, first.output]).toEqual([1, 'hello ada']);
      expect([second.workflowVersion, second.output]).toEqual([2, 'hola ada']);
    } finally {
      await paused.close();
    }
  });
});
