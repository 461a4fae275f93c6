import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createWorkflow, greetingDefinition, publish } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'wf-variables');
});
afterAll(() => t?.close());

interface Variables {
  workflow_id: string;
  draft_revision: number;
  variables: Record<string, Record<string, unknown>>;
  mappings: Record<string, string>;
}

const base = (id: string) => `/api/v1/workflow-variables/${id}/variables`;

describe('workflow variables', () => {
  it("reads the draft's variables and mappings", async () => {
    const workflow = await createWorkflow(t.app, account);
    const response = await call<Variables>(t.app, 'GET', base(workflow.id), { token: account.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      workflow_id: workflow.id,
      draft_revision: 1,
      variables: greetingDefinition().variables,
      mappings: {},
    });
  });

  it('replaces the variables, bumps the revision, and leaves the published version alone', async () => {
    const workflow = await createWorkflow(t.app, account);
    await publish(t.app, account, workflow.id);
    const replaced = await call<Variables>(t.app, 'PUT', base(workflow.id), {
      token: account.token,
      body: {
        variables: {
          name: { type: 'string' },
          times: { type: 'integer', default: 3 },
          loud: { type: 'boolean', default: false },
        },
        draft_revision: 1,
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.draft_revision).toBe(2);
    // Sorted: jsonb does not keep key order.
    expect(Object.keys(replaced.body.variables).sort()).toEqual(['loud', 'name', 'times']);

    // The published version still has the old variables: `loud` is unknown to it...
    const published = await call<{ valid: boolean; errors: { path: string }[]; version: number }>(
      t.app,
      'POST',
      `${base(workflow.id)}/validate`,
      { token: account.token, body: { input: { name: 'ada', loud: true } } },
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ valid: false, version: 1 });
    expect(published.body.errors.map((e) => e.path)).toEqual(['input.loud']);
    // ...the draft knows it, and fills in the new default.
    const draft = await call<{ valid: boolean; value: Record<string, unknown> }>(
      t.app,
      'POST',
      `${base(workflow.id)}/validate?target=draft`,
      { token: account.token, body: { input: { name: 'ada', loud: true } } },
    );
    expect(draft.body).toMatchObject({ valid: true, value: { name: 'ada', times: 3, loud: true } });

    const stale = await call(t.app, 'PUT', base(workflow.id), {
      token: account.token,
      body: { variables: {}, draft_revision: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('revision_conflict');

    const history = await call<{ items: { action: string; details: Record<string, unknown> }[] }>(
      t.app,
      'GET',
      `/api/v1/workflows/${workflow.id}/history`,
      { token: account.token },
    );
    expect(history.body.items[0]).toMatchObject({
      action: 'workflow.update',
      details: { fields: ['variables'], draft_revision: 2 },
    });
  });

  it('refuses invalid variable specs, listing each', async () => {
    const workflow = await createWorkflow(t.app, account);
    const response = await call<{ code: string; errors: { path: string }[] }>(
      t.app,
      'PUT',
      base(workflow.id),
      {
        token: account.token,
        body: {
          variables: {
            'bad name': { type: 'string' },
            size: { type: 'huge' },
            count: { type: 'integer', default: 'seven' },
          },
        },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_definition');
    const paths = response.body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['definition.variables.size.type']));
    expect(paths.some((p) => p.startsWith('definition.variables'))).toBe(true);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    const unchanged = await call<Variables>(t.app, 'GET', base(workflow.id), { token: account.token });
    expect(unchanged.body.draft_revision).toBe(1);
  });

  it('stores mappings after checking names and expression syntax, and drops those of removed variables', async () => {
    const workflow = await createWorkflow(t.app, account);
    const invalid = await call<{ code: string; errors: { path: string; code: string }[] }>(
      t.app,
      'PUT',
      `${base(workflow.id)}/mappings`,
      { token: account.token, body: { mappings: { name: 'payload.user.(', nobody: 'payload.x' } } },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['mappings.name', 'invalid_expression'],
        ['mappings.nobody', 'unknown_variable'],
      ]),
    );

    const mappings = { name: '$trim(payload.user.first_name)', times: 'payload.count' };
    const stored = await call<Variables>(t.app, 'PUT', `${base(workflow.id)}/mappings`, {
      token: account.token,
      body: { mappings },
    });
    expect(stored.status).toBe(200);
    expect(stored.body.mappings).toEqual(mappings);
    expect(
      (await call<Variables>(t.app, 'GET', base(workflow.id), { token: account.token })).body.mappings,
    ).toEqual(mappings);

    const replaced = await call<Variables>(t.app, 'PUT', base(workflow.id), {
      token: account.token,
      body: { variables: { name: { type: 'string' } } },
    });
    expect(replaced.body.mappings).toEqual({ name: mappings.name });
  });

  it('validates an input against the published version, 200 either way; 409 when never published', async () => {
    const workflow = await createWorkflow(t.app, account);
    const unpublished = await call(t.app, 'POST', `${base(workflow.id)}/validate`, {
      token: account.token,
      body: { input: { name: 'ada' } },
    });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.code).toBe('workflow_not_published');

    await publish(t.app, account, workflow.id);
    const valid = await call(t.app, 'POST', `${base(workflow.id)}/validate`, {
      token: account.token,
      body: { input: { name: 'ada' } },
    });
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({
      target: 'published',
      version: 1,
      valid: true,
      errors: [],
      value: { name: 'ada', times: 1 },
    });
    const invalid = await call<{ valid: boolean; errors: { path: string; code: string }[]; value: unknown }>(
      t.app,
      'POST',
      `${base(workflow.id)}/validate`,
      { token: account.token, body: { input: { times: 'twice' } } },
    );
    expect(invalid.status).toBe(200);
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.value).toBeNull();
    expect(invalid.body.errors.map((e) => [e.path, e.code])).toEqual([
      ['input.name', 'required'],
      ['input.times', 'invalid_value'],
    ]);
  });

  it('refuses variable changes on an archived workflow', async () => {
    const workflow = await createWorkflow(t.app, account);
    await call(t.app, 'POST', `/api/v1/workflows/${workflow.id}/archive`, { token: account.token });
    const response = await call(t.app, 'PUT', base(workflow.id), {
      token: account.token,
      body: { variables: {} },
    });
    expect(response.status).toBe(409);
    const mappings = await call(t.app, 'PUT', `${base(workflow.id)}/mappings`, {
      token: account.token,
      body: { mappings: {} },
    });
    expect(mappings.status).toBe(409);
  });
});
