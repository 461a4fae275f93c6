import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/services/templates/catalog.js';
import { loadStepTypes } from '../../src/services/workflows/step-types.js';
import { hasRunsIn } from '../../src/services/workflows/task-types.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { greetingDefinition } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'wf-task-types');
});
afterAll(() => t?.close());

interface TaskType {
  type: string;
  description: string;
  runs_in: string;
  config_schema: Record<string, unknown>;
}

describe('task types', () => {
  it('lists every step type with a JSON Schema of its config', async () => {
    const response = await call<{ items: TaskType[] }>(t.app, 'GET', '/api/v1/task-types', {
      token: account.token,
    });
    expect(response.status).toBe(200);
    const byType = new Map(response.body.items.map((i) => [i.type, i]));
    expect([...byType.keys()].sort()).toEqual([...(await loadStepTypes()).keys()].sort());
    expect(byType.get('http')).toMatchObject({
      runs_in: 'activity',
      config_schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        required: ['url'],
        properties: { method: { enum: expect.arrayContaining(['GET', 'POST']) } },
      },
    });
    expect(byType.get('transform')).toMatchObject({ runs_in: 'workflow' });
    expect(byType.get('transform')?.config_schema).toHaveProperty('anyOf');
    for (const item of response.body.items) expect(item.description, item.type).not.toBe('');
  });

  it('names where each registered step type runs', async () => {
    for (const type of (await loadStepTypes()).keys()) expect(hasRunsIn(type), type).toBe(true);
  });

  it('shows one step type, and 404 for an unknown one', async () => {
    const http = await call<TaskType>(t.app, 'GET', '/api/v1/task-types/http', { token: account.token });
    expect(http.status).toBe(200);
    expect(http.body.type).toBe('http');
    const unknown = await call(t.app, 'GET', '/api/v1/task-types/teleport', { token: account.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });
});

describe('GET /schemas/workflow-definition', () => {
  it('is a draft 2020-12 JSON Schema that accepts valid definitions and rejects broken ones', async () => {
    const response = await call<Record<string, unknown>>(
      t.app,
      'GET',
      '/api/v1/schemas/workflow-definition',
      {
        token: account.token,
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const stepVariants = (
      response.body.$defs as { Step: { oneOf: { properties: { type: { const: string } } }[] } }
    ).Step.oneOf;
    expect(stepVariants.map((v) => v.properties.type.const)).toEqual(
      expect.arrayContaining(['http', 'transform']),
    );

    const validate = new Ajv2020({ strict: false }).compile(response.body);
    for (const template of loadTemplates()) {
      expect(validate(template.definition), `${template.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate(greetingDefinition())).toBe(true);
    expect(validate({ steps: [{ id: 'x', type: 'http', config: { method: 'GET' } }] })).toBe(false);
    expect(validate({ steps: [{ id: 'x', type: 'teleport', config: {} }] })).toBe(false);
    expect(validate({ steps: [{ id: 'x', type: 'transform', config: { expression: 'a' }, extra: 1 }] })).toBe(
      false,
    );
    // Nested step lists use the same step schema: a broken step inside a branch is caught too.
    const nested = (config: Record<string, unknown>) => ({
      steps: [
        {
          id: 'branch',
          type: 'condition',
          // biome-ignore lint/suspicious/noThenProperty: `then` is the condition step's branch, not a thenable.
          config: { if: 'true', then: [{ id: 'inner', ...config }] },
        },
      ],
    });
    expect(validate(nested({ type: 'transform', config: { value: 1 } }))).toBe(true);
    expect(validate(nested({ type: 'http', config: {} }))).toBe(false);
  });
});
