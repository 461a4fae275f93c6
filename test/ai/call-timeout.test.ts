import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text } from '../harness/anthropic-stand-in.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp } from './helpers.js';

let ai: AiTestApp;
let account: Account;
beforeAll(async () => {
  ai = await createAiTestApp({ AI_CALL_TIMEOUT_SECONDS: '1', AI_MAX_ATTEMPTS: '2' });
  account = await registerAccount(ai.t.app, 'ai-timeout');
});
afterAll(async () => ai?.close());

describe('a slow Messages API', () => {
  it('abandons a call past AI_CALL_TIMEOUT_SECONDS and tries again', async () => {
    ai.anthropic.reply(text('too late', { delayMs: 2500 }), text('in time'));
    const answer = await call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/summarize', {
      token: account.token,
      body: { text: 'Some text.' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ result: { summary: 'in time' } });
    expect(ai.anthropic.messageRequests()).toHaveLength(2);
  });

  it('answers 503 ai_unavailable when every attempt is too slow', async () => {
    ai.anthropic.reset();
    ai.anthropic.respondWith(() => text('late', { delayMs: 2500 }));
    const answer = await call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/summarize', {
      token: account.token,
      body: { text: 'Some text.' },
    });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('ai_unavailable');
    expect(String(answer.body.detail)).toMatch(/did not answer in time/);
  });
});
