import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, messageBody, text } from '../harness/anthropic-stand-in.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp, DEPLOYMENT_KEY, keyOf } from './helpers.js';

let ai: AiTestApp;
let account: Account;
let stranger: Account;
beforeAll(async () => {
  // Two attempts at most, so the exhausted-retries case ends quickly.
  ai = await createAiTestApp({ AI_MAX_ATTEMPTS: '2', AI_CONVERSATION_TOKEN_BUDGET: '50' });
  account = await registerAccount(ai.t.app, 'ai-ask');
  stranger = await registerAccount(ai.t.app, 'ai-ask-stranger');
});
afterAll(async () => ai?.close());
beforeEach(() => ai.anthropic.reset());

const ask = (body: Record<string, unknown>, who: Account = account) =>
  call<Record<string, unknown>>(ai.t.app, 'POST', '/api/v1/ai/ask', { token: who.token, body });

/** /ai/ask asking for server-sent events, through the app as a client sends it. */
const askStreaming = (body: Record<string, unknown>) =>
  ai.t.app.request('/api/v1/ai/ask', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${account.token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
  });

/** The roles and texts of the turns a request sent. */
const turnsOf = (index: number) => {
  const request = ai.anthropic.messageRequests()[index];
  if (!request) throw new Error(`no request ${index}`);
  return messageBody(request).messages.map((m) => [
    m.role,
    typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  ]);
};

describe('POST /api/v1/ai/ask', () => {
  it('answers a prompt and starts a conversation whose turns go with the next prompt', async () => {
    ai.anthropic.reply(text('Paris.'), text('About 2.1 million.'));
    const first = await ask({ prompt: 'Capital of France?' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ task_type: 'ask', result: { answer: 'Paris.' } });
    const conversationId = String(first.body.conversation_id);
    expect(conversationId).toMatch(/^conv_/);
    const second = await ask({ prompt: 'Its population?', conversation_id: conversationId });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.conversation_id).toBe(conversationId);
    expect(turnsOf(1)).toEqual([
      ['user', 'Capital of France?'],
      ['assistant', 'Paris.'],
      ['user', 'Its population?'],
    ]);
  });

  it('trims the history to the token budget, dropping the oldest pairs first', async () => {
    ai.anthropic.respondWith(() => text('ok', { usage: { output_tokens: 10 } }));
    const first = await ask({ prompt: 'a'.repeat(80) }); // ~20 tokens + 10
    const id = first.body.conversation_id;
    await ask({ prompt: 'b'.repeat(80), conversation_id: id });
    await ask({ prompt: 'c'.repeat(40), conversation_id: id });
    // Budget 50: the latest pair (20 + 10 tokens) fits; with the one before it would be 60.
    const sent = turnsOf(2);
    expect(sent.map(([role]) => role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[0]?.[1]).toBe('b'.repeat(80));
  });

  it("answers 404 for another user's conversation and for one that does not exist", async () => {
    ai.anthropic.reply(text('mine'));
    const mine = await ask({ prompt: 'hello' });
    const theirs = await ask({ prompt: 'peek', conversation_id: mine.body.conversation_id }, stranger);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    const unknown = await ask({ prompt: 'x', conversation_id: 'conv_01JD3Y6S2W8Q9R7T5V4X3Z2A1B' });
    expect(unknown.status).toBe(404);
    const malformed = await ask({ prompt: 'x', conversation_id: "conv_' or 1=1" });
    expect(malformed.status).toBe(400);
    expect(ai.anthropic.messageRequests()).toHaveLength(1);
  });

  it('retries a 429 after its retry-after, and a 529, then answers', async () => {
    ai.anthropic.reply(
      failure(429, 'rate_limit_error', 'slow down', { 'retry-after': '2' }),
      text('finally'),
    );
    const answer = await ask({ prompt: 'hi' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const [limited, retried] = ai.anthropic.messageRequests();
    // The policy's own first interval is 1 s: only the header explains a wait of 2 s or more.
    expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1900);
    ai.anthropic.reset();
    ai.anthropic.reply(failure(529, 'overloaded_error', 'Overloaded'), text('there'));
    expect((await ask({ prompt: 'hi' })).body).toMatchObject({ result: { answer: 'there' } });
  });

  it('answers 503 ai_unavailable once the attempts are spent', async () => {
    ai.anthropic.respondWith(() => failure(529, 'overloaded_error', 'Overloaded'));
    const answer = await ask({ prompt: 'hi' });
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('ai_unavailable');
    expect(ai.anthropic.messageRequests()).toHaveLength(2);
  });

  it("uses the organization's own key over the deployment's, and never shows either", async () => {
    const orgKey = 'sk-ant-org-own-9d2c41';
    const created = await call(ai.t.app, 'POST', '/api/v1/credentials', {
      token: stranger.token,
      body: {
        type: 'api_key',
        name: 'anthropic',
        value: { key: orgKey, placement: 'header', name: 'x-api-key' },
      },
    });
    expect(created.status).toBe(201);
    ai.anthropic.reply(failure(401, 'authentication_error', 'invalid x-api-key'));
    const rejected = await ask({ prompt: 'hi' }, stranger);
    expect(rejected.status).toBe(409);
    expect(rejected.body.code).toBe('ai_key_rejected');
    expect(keyOf(ai.anthropic.messageRequests()[0]?.headers ?? {})).toBe(orgKey);
    expect(JSON.stringify(rejected.body)).not.toContain(orgKey);
    // Not retried: a wrong key stays wrong.
    expect(ai.anthropic.messageRequests()).toHaveLength(1);
    ai.anthropic.reply(text('deployment'));
    await ask({ prompt: 'hi' });
    expect(keyOf(ai.anthropic.messageRequests()[1]?.headers ?? {})).toBe(DEPLOYMENT_KEY);
  });

  it('takes a model of the allow-list and refuses any other before calling', async () => {
    ai.anthropic.reply(text('quick'));
    const haiku = await ask({ prompt: 'hi', model: 'claude-haiku-4-5' });
    expect(haiku.body.model).toBe('claude-haiku-4-5');
    expect(
      messageBody(
        ai.anthropic.messageRequests()[0] ?? { method: '', path: '', headers: {}, body: null, receivedAt: 0 },
      ).model,
    ).toBe('claude-haiku-4-5');
    const other = await ask({ prompt: 'hi', model: 'gpt-4o' });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('model_not_allowed');
    expect(ai.anthropic.messageRequests()).toHaveLength(1);
  });

  it('streams the answer as server-sent events and still records it whole', async () => {
    const answer = 'Streaming works one chunk after another, in order.';
    ai.anthropic.reply(text(answer, { chunkDelayMs: 20 }));
    const response = await askStreaming({ prompt: 'Say it' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text());
    expect(events[0]?.event).toBe('start');
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => (e.data as { text: string }).text).join('')).toBe(answer);
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    expect(done?.data).toMatchObject({ result: { answer } });
    // The conversation kept the whole answer.
    ai.anthropic.reply(text('next'));
    await ask({
      prompt: 'again',
      conversation_id: (done?.data as { conversation_id?: string } | undefined)?.conversation_id,
    });
    expect(turnsOf(1)[1]).toEqual(['assistant', answer]);
  });

  it('streams a failure as an error event, and refuses before streaming what it can', async () => {
    ai.anthropic.reply(failure(400, 'invalid_request_error', 'bad'));
    const response = await askStreaming({ prompt: 'x' });
    const events = parseSse(await response.text());
    expect(events.at(-1)).toMatchObject({
      event: 'error',
      data: { code: 'ai_request_rejected', status: 400 },
    });
    const refused = await askStreaming({ prompt: 'x', model: 'not-a-model' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});

function parseSse(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event =
        lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
