import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, text } from '../harness/anthropic-stand-in.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp } from './helpers.js';

let ai: AiTestApp;
let account: Account;
let stranger: Account;
beforeAll(async () => {
  // No wait at all: every /ai/* request answers 202 with its run, read later by id.
  ai = await createAiTestApp({ AI_WAIT_SECONDS: '0' });
  account = await registerAccount(ai.t.app, 'ai-runs');
  stranger = await registerAccount(ai.t.app, 'ai-runs-stranger');
});
afterAll(async () => ai?.close());
beforeEach(() => ai.anthropic.reset());

async function runUntilDone(runId: string, who: Account = account) {
  for (let i = 0; i < 100; i += 1) {
    const run = await call<Record<string, unknown>>(ai.t.app, 'GET', `/api/v1/ai/runs/${runId}`, {
      token: who.token,
    });
    if (run.status !== 200 || run.body.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} still running`);
}

describe('GET /api/v1/ai/runs/{id}', () => {
  it('answers 202 when the wait ends first, then the answer by the run id', async () => {
    ai.anthropic.reply(text('A short summary.', { delayMs: 300 }));
    const started = await call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/summarize', {
      token: account.token,
      body: { text: 'A long text to summarize.' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ task_type: 'summarize', status: 'running' });
    const run = await runUntilDone(String(started.body.run_id));
    expect(run.body).toMatchObject({
      status: 'completed',
      answer: { result: { summary: 'A short summary.' }, run_id: started.body.run_id },
      error: null,
    });
  });

  it('gives a failed run its problem, and hides runs from other users', async () => {
    ai.anthropic.reply(failure(400, 'invalid_request_error', 'too long'));
    const started = await call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/analyze', {
      token: account.token,
      body: { data: { rows: [1, 2] } },
    });
    const runId = String(started.body.run_id);
    const run = await runUntilDone(runId);
    expect(run.body).toMatchObject({ status: 'failed', error: { code: 'ai_request_rejected', status: 400 } });
    const theirs = await call(ai.t.app, 'GET', `/api/v1/ai/runs/${runId}`, { token: stranger.token });
    expect(theirs.status).toBe(404);
    const unknown = await call(ai.t.app, 'GET', '/api/v1/ai/runs/air_01JD3Y6S2W8Q9R7T5V4X3Z2A1B', {
      token: account.token,
    });
    expect(unknown.status).toBe(404);
  });
});
