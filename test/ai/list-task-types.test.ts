import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../approvals/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';

interface TaskType {
  type: string;
  description: string;
  route: string;
  step_type: string;
  structured: boolean;
  input_schema: { type?: string; properties?: Record<string, unknown>; required?: string[] };
  output_schema: { type?: string; properties?: Record<string, unknown>; required?: string[] };
}

let t: TestApp;
let account: Account;
beforeAll(async () => {
  // Listing needs no worker and no key: it is the API's own description of the task types.
  t = await createTestApp();
  account = await registerAccount(t.app, 'ai-task-types');
});
afterAll(async () => t?.close());

const list = (token?: string) =>
  call<{ data: TaskType[]; code?: string }>(t.app, 'GET', '/api/v1/ai/task-types', token ? { token } : {});

/** Each type's inputs (required ones first) and result fields. */
const EXPECTED: Record<
  string,
  { structured: boolean; required: string[]; optional: string[]; output: string[] }
> = {
  ask: { structured: false, required: ['prompt'], optional: ['system', 'max_tokens'], output: ['answer'] },
  analyze: { structured: false, required: ['data'], optional: ['question'], output: ['analysis'] },
  decide: {
    structured: true,
    required: ['context', 'options'],
    optional: ['criteria'],
    output: ['decision', 'reason', 'confidence'],
  },
  classify: {
    structured: true,
    required: ['text', 'categories'],
    optional: ['instructions'],
    output: ['category', 'confidence', 'reason'],
  },
  extract: { structured: true, required: ['text', 'schema'], optional: ['instructions'], output: ['data'] },
  summarize: {
    structured: false,
    required: ['text'],
    optional: ['max_words', 'format', 'focus'],
    output: ['summary'],
  },
};

describe('GET /api/v1/ai/task-types', () => {
  it('lists the six task types with their route, step type and kind', async () => {
    const answer = await list(account.token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const types = answer.body.data;
    expect(types.map((type) => type.type).sort()).toEqual(
      ['analyze', 'ask', 'classify', 'decide', 'extract', 'summarize'].sort(),
    );
    for (const type of types) {
      expect(type.route, type.type).toBe(`/api/v1/ai/${type.type}`);
      expect(type.step_type, type.type).toBe(`ai.${type.type}`);
      expect(type.structured, type.type).toBe(EXPECTED[type.type]?.structured);
      expect(type.description.length, type.type).toBeGreaterThan(10);
    }
    expect(
      types
        .filter((type) => type.structured)
        .map((type) => type.type)
        .sort(),
    ).toEqual(['classify', 'decide', 'extract']);
  });

  it('gives JSON Schemas whose properties name the inputs and the result fields', async () => {
    const answer = await list(account.token);
    expect(answer.status).toBe(200);
    for (const type of answer.body.data) {
      const expected = EXPECTED[type.type];
      expect(expected, type.type).toBeDefined();
      if (!expected) continue;
      expect(type.input_schema.type, type.type).toBe('object');
      expect(Object.keys(type.input_schema.properties ?? {}).sort(), type.type).toEqual(
        [...expected.required, ...expected.optional].sort(),
      );
      expect([...(type.input_schema.required ?? [])].sort(), type.type).toEqual(
        [...expected.required].sort(),
      );
      // The inputs are strict: an unknown field is refused, and the schema says so.
      expect((type.input_schema as Record<string, unknown>).additionalProperties, type.type).toBe(false);
      expect(type.output_schema.type, type.type).toBe('object');
      expect(Object.keys(type.output_schema.properties ?? {}).sort(), type.type).toEqual(
        [...expected.output].sort(),
      );
    }
    const classify = answer.body.data.find((type) => type.type === 'classify');
    expect(classify?.input_schema.properties).toMatchObject({
      text: { type: 'string', minLength: 1 },
      categories: { type: 'array', minItems: 2, maxItems: 50 },
    });
    const summarize = answer.body.data.find((type) => type.type === 'summarize');
    expect(summarize?.input_schema.properties).toMatchObject({
      format: { enum: ['paragraph', 'bullets'] },
      max_words: { type: 'integer', minimum: 10, maximum: 2000 },
    });
  });

  it('needs a token (401) and ai:use (403)', async () => {
    const anonymous = await list();
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data).toBeUndefined();
    const viewer = await addMember(t, account, ['viewer'], 'ai-task-types-viewer');
    const refused = await list(viewer.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });
});
