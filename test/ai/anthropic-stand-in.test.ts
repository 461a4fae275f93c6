import Anthropic, { APIError, AuthenticationError, OverloadedError, RateLimitError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnthropicStandIn,
  failure,
  messageBody,
  startAnthropicStandIn,
  text,
  toolUse,
} from '../harness/anthropic-stand-in.js';

/**
 * The stand-in is only worth trusting if the real SDK, over real HTTP, cannot tell it from the API:
 * every probe here goes through `@anthropic-ai/sdk` with retries off, so each scripted reply is seen once.
 */
let standIn: AnthropicStandIn;
let client: Anthropic;

beforeAll(async () => {
  standIn = await startAnthropicStandIn();
  client = new Anthropic({ apiKey: 'sk-test', baseURL: standIn.url, maxRetries: 0 });
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => standIn.reset());

const MODEL = 'claude-sonnet-4-5';
const ask = (question: string) => ({
  model: MODEL,
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: question }],
});

/** The error a call rejects with; fails the test if it resolves. */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
}

describe('messages.create', () => {
  it('returns the scripted text and usage', async () => {
    standIn.reply(text('Hello from the stand-in.', { usage: { input_tokens: 12, output_tokens: 7 } }));
    const message = await client.messages.create(ask('Say hello.'));
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      stop_reason: 'end_turn',
      stop_sequence: null,
      content: [{ type: 'text', text: 'Hello from the stand-in.' }],
      usage: {
        input_tokens: 12,
        output_tokens: 7,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(message.id).toMatch(/^msg_/);
  });

  it('estimates usage from the text when the script gives none', async () => {
    const message = await client.messages.create(ask('x'.repeat(40)));
    expect(message.content).toEqual([{ type: 'text', text: 'ok', citations: null }]);
    expect(message.usage.input_tokens).toBe(10);
    expect(message.usage.output_tokens).toBe(1);
  });

  it('answers queued replies in order, then the respondWith fallback', async () => {
    standIn.reply(text('first'), text('second'));
    standIn.respondWith((request) => text(`echo ${messageBody(request).max_tokens}`));
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [block] = (await client.messages.create(ask('next?'))).content;
      answers.push(block?.type === 'text' ? block.text : '');
    }
    expect(answers).toEqual(['first', 'second', 'echo 256']);
  });

  it('returns a non-streamed tool_use block with a toolu_ id', async () => {
    standIn.reply(toolUse('lookup', { city: 'Oslo' }));
    const message = await client.messages.create(ask('Weather?'));
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toMatchObject([{ type: 'tool_use', name: 'lookup', input: { city: 'Oslo' } }]);
    expect(message.content[0]?.type === 'tool_use' && message.content[0].id).toMatch(/^toolu_/);
  });
});

describe('messages.stream', () => {
  it('yields the text deltas in order and a final message with the full text', async () => {
    const full = 'The quick brown fox jumps over the lazy dog, twice.';
    standIn.reply(text(full, { chunkDelayMs: 2 }));
    const stream = client.messages.stream(ask('Tell me about foxes.'));
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((delta) => delta.length <= 8)).toBe(true);
    expect(deltas.join('')).toBe(full);
    expect(final.content).toMatchObject([{ type: 'text', text: full }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(Math.ceil(full.length / 4));
    expect(await stream.finalText()).toBe(full);
    expect(messageBody(only(standIn.messageRequests())).stream).toBe(true);
  });

  it('sends the raw event sequence the API does', async () => {
    standIn.reply(text('abcdefghij'));
    const types: string[] = [];
    for await (const event of client.messages.stream(ask('Letters?'))) types.push(event.type);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('assembles a streamed tool_use block whose input is the parsed object', async () => {
    const input = {
      query: 'open invoices',
      filters: { status: ['due', 'overdue'], limit: 25 },
      note: 'ünïcode ✓',
    };
    standIn.reply(toolUse('search_invoices', input, { id: 'toolu_fixed' }));
    const final = await client.messages.stream(ask('Find invoices.')).finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toHaveLength(1);
    expect(final.content[0]).toMatchObject({
      type: 'tool_use',
      id: 'toolu_fixed',
      name: 'search_invoices',
      input,
    });
  });

  it('streams several blocks with their own indexes', async () => {
    standIn.reply({
      kind: 'message',
      content: [
        { type: 'text', text: 'Let me look that up.' },
        { type: 'tool_use', name: 'lookup', input: { id: 7 } },
      ],
    });
    const final = await client.messages.stream(ask('Look up 7.')).finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toMatchObject([
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool_use', name: 'lookup', input: { id: 7 } },
    ]);
  });
});

describe('errors', () => {
  it('raises RateLimitError for a 429, with its retry-after header', async () => {
    standIn.reply(
      failure(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit.', {
        'retry-after': '2',
      }),
    );
    const error = await rejection(client.messages.create(ask('Hi')));
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get('retry-after')).toBe('2');
    expect(rateLimit.type).toBe('rate_limit_error');
    expect(rateLimit.apiMessage).toBe('Number of requests has exceeded your rate limit.');
    expect(rateLimit.requestID).toMatch(/^req_/);
  });

  it('raises an APIError with status 529 when overloaded', async () => {
    standIn.reply(failure(529, 'overloaded_error', 'Overloaded'));
    const error = await rejection(client.messages.create(ask('Hi')));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as APIError).status).toBe(529);
    expect((error as APIError).type).toBe('overloaded_error');
  });

  it('raises AuthenticationError for a 401', async () => {
    standIn.reply(failure(401, 'authentication_error', 'invalid x-api-key'));
    const error = await rejection(client.messages.create(ask('Hi')));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
  });

  it('fails a stream with the plain error response, before any event', async () => {
    standIn.reply(failure(429, 'rate_limit_error', 'slow down', { 'retry-after': '5' }));
    const stream = client.messages.stream(ask('Hi'));
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get('retry-after')).toBe('5');
    expect(seen).toEqual([]);
  });

  it('refuses a request the real API would reject, without spending a scripted reply', async () => {
    standIn.reply(text('kept for later'));
    const error = await rejection(
      client.post('/v1/messages', { body: { model: MODEL, messages: [] } }) as Promise<unknown>,
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(400);
    const [block] = (await client.messages.create(ask('Now?'))).content;
    expect(block).toMatchObject({ type: 'text', text: 'kept for later' });
  });

  it('refuses a request with no credentials, as the API does', async () => {
    const response = await fetch(`${standIn.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('Hi')),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('answers 404 in the API error shape for anything else', async () => {
    const error = await rejection(client.messages.countTokens(ask('Count me.')));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    expect((error as APIError).type).toBe('not_found_error');
  });
});

describe('models.list', () => {
  it('lists the stand-in model', async () => {
    const page = await client.models.list({ limit: 5 });
    expect(page.data).toMatchObject([{ type: 'model', id: 'claude-sonnet-4-5' }]);
    expect(page.has_more).toBe(false);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['claude-sonnet-4-5']);
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models?limit=5' });
  });

  it('answers the modelsStatus error until it is cleared', async () => {
    standIn.modelsStatus(failure(401, 'authentication_error', 'invalid x-api-key'));
    expect(await rejection(client.models.list())).toBeInstanceOf(AuthenticationError);
    standIn.modelsStatus(undefined);
    expect((await client.models.list()).data).toHaveLength(1);
  });
});

describe('the recorded request', () => {
  it('has the model, system prompt, messages, tools and API key the SDK sent', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'lookup',
        description: 'Looks a record up by id.',
        input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    ];
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Find record 42.' },
      { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }] },
      { role: 'user', content: 'Please hurry.' },
    ];
    const before = Date.now();
    await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: 'You are terse.',
      messages,
      tools,
    });

    const request = only(standIn.messageRequests());
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    // SDK 1.x sends the API key as a bearer token; it no longer sends `x-api-key` at all.
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.headers['x-api-key']).toBeUndefined();
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(request.headers['content-type']).toContain('application/json');
    expect(request.receivedAt).toBeGreaterThanOrEqual(before);
    const body = messageBody(request);
    expect(body.model).toBe(MODEL);
    expect(body.system).toBe('You are terse.');
    expect(body.messages).toEqual(messages);
    expect(body.tools).toEqual(tools);
    expect(body.max_tokens).toBe(100);
  });

  it('keeps every request in order and empties on reset', async () => {
    await client.models.list();
    await client.messages.create(ask('one'));
    expect(standIn.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /v1/models',
      'POST /v1/messages',
    ]);
    expect(standIn.messageRequests()).toHaveLength(1);
    standIn.reset();
    expect(standIn.requests).toEqual([]);
  });
});

describe('timing', () => {
  it('waits delayMs before answering', async () => {
    standIn.reply(text('late', { delayMs: 150 }));
    const started = Date.now();
    await client.messages.create(ask('Take your time.'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('close() ends a stream still being written', async () => {
    const other = await startAnthropicStandIn();
    const otherClient = new Anthropic({ apiKey: 'sk-test', baseURL: other.url, maxRetries: 0 });
    other.reply(text('a long and slow answer that will never finish', { chunkDelayMs: 10_000 }));
    const stream = otherClient.messages.stream(ask('Slowly.'));
    await new Promise<void>((resolve) => stream.on('connect', () => resolve()));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await rejection(stream.finalMessage())).toBeInstanceOf(Error);
  });
});

/** The one recorded request there should be. */
function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}
