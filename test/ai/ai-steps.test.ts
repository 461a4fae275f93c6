import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aiUsage } from '../../src/db/schema/index.js';
import { messageBody, toolUse } from '../harness/anthropic-stand-in.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, stepsOf, waitForOutcome } from '../harness/workflows.js';
import { type AiTestApp, createAiTestApp, DEPLOYMENT_KEY } from './helpers.js';

let ai: AiTestApp;
let account: Account;
beforeAll(async () => {
  ai = await createAiTestApp();
  account = await registerAccount(ai.t.app, 'ai-steps');
});
afterAll(async () => ai?.close());
beforeEach(() => ai.anthropic.reset());

const INVOICE_SCHEMA = {
  type: 'object',
  properties: { invoice_number: { type: 'string' }, total: { type: 'number' } },
  required: ['invoice_number', 'total'],
  additionalProperties: false,
};

async function run(steps: unknown[], input: Record<string, unknown> = {}) {
  const workflowId = await seedPublishedWorkflow(ai.t, account, {
    variables: { email: { type: 'string', default: '' } },
    steps,
  });
  const execution = await launch(ai.t, account, workflowId, input);
  return { execution, outcome: await waitForOutcome(ai.t, execution.id) };
}

describe('ai.* steps', () => {
  it('ai.extract renders its text, runs on the AI queue and returns data checked against the schema', async () => {
    ai.anthropic.reply(
      toolUse('record_extraction', { invoice_number: 'INV-7', total: '12' }),
      toolUse('record_extraction', { invoice_number: 'INV-7', total: 12.5 }),
    );
    const { execution, outcome } = await run(
      [
        {
          id: 'extract',
          type: 'ai.extract',
          config: { text: 'From the mail: {{ input.email }}', schema: INVOICE_SCHEMA },
        },
        { id: 'total', type: 'transform', config: { expression: 'steps.extract.output.data.total * 2' } },
      ],
      { email: 'Invoice INV-7, total 12.50 EUR' },
    );
    expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
    expect(outcome.output).toBe(25);
    const [extract] = await stepsOf(ai.t, execution.id);
    expect(extract?.output).toMatchObject({
      data: { invoice_number: 'INV-7', total: 12.5 },
      model: 'claude-sonnet-4-5',
    });
    const [first] = ai.anthropic.messageRequests();
    expect(first && JSON.stringify(messageBody(first).messages)).toContain('Invoice INV-7, total 12.50 EUR');
    expect(
      first && (messageBody(first).tools?.[0] as { input_schema?: unknown } | undefined)?.input_schema,
    ).toMatchObject(INVOICE_SCHEMA);
    const usage = await ai.t.deps.database.db
      .select()
      .from(aiUsage)
      .where(eq(aiUsage.executionId, execution.id));
    expect(usage).toHaveLength(2);
    expect(usage.every((row) => row.userId === null && row.taskType === 'extract')).toBe(true);
  });

  it('fails the step without a call or a retry when the rendered input breaks the task schema', async () => {
    const { execution, outcome } = await run([
      {
        id: 'extract',
        type: 'ai.extract',
        config: {
          text: 'x',
          // A regular expression is no part of an extract schema: it could stall the check.
          schema: { type: 'object', properties: { id: { type: 'string', pattern: '^(a+)+$' } } },
        },
        retry: { max_attempts: 3, initial_interval: '100ms' },
      },
    ]);
    expect(outcome.status).toBe('failed');
    const [step] = await stepsOf(ai.t, execution.id);
    expect(JSON.stringify(step?.error)).toContain('AI_INPUT_INVALID');
    expect(step?.attempts).toBe(1);
    expect(ai.anthropic.messageRequests()).toHaveLength(0);
  });

  it("keeps the key out of the run's history", async () => {
    ai.anthropic.reply(toolUse('record_classification', { category: 'a', confidence: 1, reason: 'r' }));
    const { execution, outcome } = await run([
      { id: 'c', type: 'ai.classify', config: { text: 'hello', categories: ['a', 'b'] } },
    ]);
    expect(outcome.status).toBe('completed');
    const history = await ai.t.deps.temporal.client.workflow.getHandle(execution.id).fetchHistory();
    expect(JSON.stringify(history)).not.toContain(DEPLOYMENT_KEY);
  });
});
