import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createWorkflow } from '../workflows/api.js';

/**
 * A variable's `pattern` is matched on RE2: a catastrophic pattern with a long default once took
 * the API thread for more than a minute, and every other organization's requests with it.
 */
let t: TestApp;
let hostile: Account;
let bystander: Account;
beforeAll(async () => {
  t = await createTestApp();
  hostile = await registerAccount(t.app, 'pattern-hostile');
  bystander = await registerAccount(t.app, 'pattern-bystander');
});
afterAll(() => t?.close());

const variablesOf = (id: string) => `/api/v1/workflow-variables/${id}/variables`;

describe('variable patterns', () => {
  it('checks a catastrophic pattern in linear time while another organization is served', async () => {
    const workflow = await createWorkflow(t.app, hostile);
    const catastrophic = call(t.app, 'PUT', variablesOf(workflow.id), {
      token: hostile.token,
      body: {
        variables: { code: { type: 'string', pattern: '^(a+)+$', default: `${'a'.repeat(5000)}!` } },
        draft_revision: 1,
      },
    });
    const health = call(t.app, 'GET', '/api/v1/workflows', { token: bystander.token });
    const [saved, served] = await Promise.all([catastrophic, health]);
    // The default does not match, so the save is refused — promptly, with the reason.
    expect(saved.status).toBe(400);
    expect(JSON.stringify(saved.body)).toContain('must match');
    expect(served.status).toBe(200);

    const run = await call<{ valid: boolean; errors: { path: string }[] }>(
      t.app,
      'POST',
      `${variablesOf(workflow.id)}/validate?target=draft`,
      { token: hostile.token, body: { input: { name: 'x' } } },
    );
    expect(run.status).toBe(200);
  }, 20_000);

  it('refuses at save a pattern RE2 does not support, naming the field', async () => {
    const workflow = await createWorkflow(t.app, hostile);
    const response = await call<{ errors: { path: string; message: string }[] }>(
      t.app,
      'PUT',
      variablesOf(workflow.id),
      {
        token: hostile.token,
        body: { variables: { code: { type: 'string', pattern: '^(?=a)a$' } }, draft_revision: 1 },
      },
    );
    expect(response.status).toBe(400);
    const problem = response.body.errors.find((e) => e.path.includes('pattern'));
    expect(problem?.message).toContain('RE2');
  });

  it('still matches what a pattern accepts, and refuses what it does not', async () => {
    const workflow = await createWorkflow(t.app, hostile);
    const saved = await call(t.app, 'PUT', variablesOf(workflow.id), {
      token: hostile.token,
      body: {
        variables: { code: { type: 'string', pattern: '^[A-Z]{3}-\\d+$' } },
        draft_revision: 1,
      },
    });
    expect(saved.status).toBe(200);
    const check = (code: string) =>
      call<{ valid: boolean }>(t.app, 'POST', `${variablesOf(workflow.id)}/validate?target=draft`, {
        token: hostile.token,
        body: { input: { code } },
      });
    expect((await check('ABC-42')).body.valid).toBe(true);
    expect((await check('abc-42')).body.valid).toBe(false);
  });
});
