import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, messageBody, text, toolUse } from '../harness/anthropic-stand-in.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp, DEPLOYMENT_KEY, keyOf } from './helpers.js';

let ai: AiTestApp;
let account: Account;
beforeAll(async () => {
  ai = await createAiTestApp();
  account = await registerAccount(ai.t.app, 'ai-classify');
});
afterAll(async () => ai?.close());
beforeEach(() => ai.anthropic.reset());

const body = {
  text: 'My card was charged twice for order 1182.',
  categories: ['billing', 'shipping', 'other'],
};
const classify = (payload: unknown = body) =>
  call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/classify', {
    token: account.token,
    body: payload,
  });

describe('POST /api/v1/ai/classify', () => {
  it('answers the category from a forced tool call, with the exact request sent', async () => {
    ai.anthropic.reply(
      toolUse('record_classification', { category: 'billing', confidence: 0.93, reason: 'A double charge.' }),
    );
    const answer = await classify();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      task_type: 'classify',
      model: 'claude-sonnet-4-5',
      result: { category: 'billing', confidence: 0.93, reason: 'A double charge.' },
      usage: { calls: 1 },
    });
    expect(String(answer.body.run_id)).toMatch(/^air_/);
    const [request] = ai.anthropic.messageRequests();
    expect(request).toBeDefined();
    if (!request) return;
    const sent = messageBody(request);
    expect(sent.model).toBe('claude-sonnet-4-5');
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'record_classification' });
    expect(sent.tools?.[0]).toMatchObject({ name: 'record_classification' });
    expect(JSON.stringify(sent.system)).toContain('classify');
    expect(JSON.stringify(sent.messages)).toContain('order 1182');
    expect(keyOf(request.headers)).toBe(DEPLOYMENT_KEY);
    expect(JSON.stringify(answer.body)).not.toContain(DEPLOYMENT_KEY);
  });

  it('re-asks when the answer fails the schema, sending the problems back as the tool result', async () => {
    ai.anthropic.reply(
      toolUse('record_classification', { category: 'refunds', confidence: 0.8, reason: 'x' }),
      toolUse('record_classification', { category: 'billing', confidence: 0.7, reason: 'Charged twice.' }),
    );
    const answer = await classify();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ result: { category: 'billing' }, usage: { calls: 2 } });
    const second = ai.anthropic.messageRequests()[1];
    expect(second && JSON.stringify(messageBody(second).messages)).toMatch(/"is_error":true.*category/);
  });

  it('gives up after two re-asks with 422 ai_invalid_answer and the last answer', async () => {
    ai.anthropic.respondWith(() => toolUse('record_classification', { category: 'nope', confidence: 2 }));
    const answer = await classify();
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'ai_invalid_answer',
      last_answer: { category: 'nope', confidence: 2 },
    });
    expect(ai.anthropic.messageRequests()).toHaveLength(3);
  });

  it('refuses bad input with 400 before any call', async () => {
    for (const bad of [
      { text: 'x', categories: ['only-one'] },
      { text: 'x', categories: ['a', 'a'] },
      { text: '', categories: ['a', 'b'] },
      { text: 'x', categories: ['a', 'b'], extra: true },
      { text: 'x'.repeat(200_001), categories: ['a', 'b'] },
      { text: 'x', categories: Array.from({ length: 51 }, (_, i) => `c${i}`) },
    ]) {
      const answer = await classify(bad);
      expect(answer.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
    expect(ai.anthropic.messageRequests()).toHaveLength(0);
  });

  it('maps a refusal to 422 ai_refused and an invalid request to 400 ai_request_rejected, neither retried', async () => {
    ai.anthropic.reply(text('I cannot help with that.', { stop_reason: 'refusal' }));
    const refused = await classify();
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('ai_refused');
    ai.anthropic.reply(failure(400, 'invalid_request_error', 'prompt is too long'));
    const rejected = await classify();
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({ code: 'ai_request_rejected' });
    expect(String(rejected.body.detail)).toContain('prompt is too long');
    expect(ai.anthropic.messageRequests()).toHaveLength(2);
  });
});
