import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Anthropic from '@anthropic-ai/sdk';

/**
 * A stand-in for the Anthropic Messages API on a real loopback socket, so the real `@anthropic-ai/sdk`
 * can be pointed at it (`baseURL: standIn.url`). It answers from a script and records what it got.
 * The objects it sends are typed as the SDK's own response types, so a wire-format drift after an SDK
 * upgrade shows up as a type error here rather than as a puzzling test failure elsewhere.
 */

export interface RecordedRequest {
  method: string;
  /** The request target as received: the path plus any query string, e.g. `/v1/models?limit=5`. */
  path: string;
  /** Lower-case names; a repeated header's values are joined with `, `. */
  headers: Record<string, string>;
  /**
   * The parsed JSON body, or null when there was none or it was not JSON. `unknown` because it is
   * whatever the client sent; read a Messages request through `messageBody()` for a typed view.
   */
  body: unknown;
  receivedAt: number;
}

export type StandInBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: unknown; id?: string };

export type ScriptedReply =
  | {
      kind: 'message';
      content: StandInBlock[];
      stop_reason?: 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal' | 'stop_sequence';
      usage?: {
        input_tokens?: number;
        output_tokens?: number;
        cache_creation_input_tokens?: number;
        cache_read_input_tokens?: number;
      };
      /** Wait this long before answering at all. */
      delayMs?: number;
      /** Wait this long between streamed events. */
      chunkDelayMs?: number;
    }
  | {
      kind: 'error';
      status: number;
      /** e.g. rate_limit_error, overloaded_error, invalid_request_error, authentication_error, api_error */
      type: string;
      message: string;
      /** Extra response headers, e.g. `retry-after`. */
      headers?: Record<string, string>;
      delayMs?: number;
    };

export type MessageReply = Extract<ScriptedReply, { kind: 'message' }>;
export type ErrorReply = Extract<ScriptedReply, { kind: 'error' }>;
/** What `text()` and `toolUse()` let a caller override. */
export type MessageExtras = Partial<Omit<MessageReply, 'kind' | 'content'>>;

/** A message with one text block that ends its turn. */
export const text = (t: string, extra?: MessageExtras): MessageReply => ({
  kind: 'message',
  content: [{ type: 'text', text: t }],
  stop_reason: 'end_turn',
  ...extra,
});

/** A message with one tool_use block; the model stops to let the caller run the tool. */
export const toolUse = (
  name: string,
  input: unknown,
  extra?: MessageExtras & { id?: string },
): MessageReply => {
  const { id, ...rest } = extra ?? {};
  return {
    kind: 'message',
    content: [{ type: 'tool_use', name, input, ...(id === undefined ? {} : { id }) }],
    stop_reason: 'tool_use',
    ...rest,
  };
};

/** An API error response, e.g. `failure(429, 'rate_limit_error', 'slow down', { 'retry-after': '2' })`. */
export const failure = (
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): ErrorReply => ({ kind: 'error', status, type, message, ...(headers ? { headers } : {}) });

export interface AnthropicStandIn {
  /** The SDK's `baseURL`, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Everything received, in order; the same array survives `reset()`. */
  requests: RecordedRequest[];
  /** Only the `POST /v1/messages` requests. */
  messageRequests(): RecordedRequest[];
  /** Queue replies; each `POST /v1/messages` takes the oldest. */
  reply(...replies: ScriptedReply[]): void;
  /** Answers when the queue is empty; `undefined` restores the default, `text('ok')`. */
  respondWith(fn: ((request: RecordedRequest) => ScriptedReply) | undefined): void;
  /** Make `GET /v1/models` answer this error reply; `undefined` restores the normal listing. */
  modelsStatus(reply: ScriptedReply | undefined): void;
  /** Clears the queue, the recorded requests, `respondWith` and `modelsStatus`. */
  reset(): void;
  /** Stops listening and drops open connections, including streams still being written. */
  close(): Promise<void>;
}

/** A typed view of a recorded Messages request's body; throws if it is not one. */
export function messageBody(request: RecordedRequest): Anthropic.MessageCreateParams {
  const body = request.body;
  if (!isRecord(body) || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    throw new Error(`${request.method} ${request.path} did not carry a Messages request body`);
  }
  // Checked just enough to be a Messages request; the rest is as the client sent it.
  return body as unknown as Anthropic.MessageCreateParams;
}

const MODELS: Anthropic.ModelInfo[] = [
  {
    type: 'model',
    id: 'claude-sonnet-4-5',
    display_name: 'Claude Sonnet 4.5',
    created_at: '2025-09-29T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: 'sonnet',
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    retires_at: null,
  },
];

/** How many characters the streamed text and JSON deltas carry each, roughly like the real API. */
const CHUNK_CHARS = 8;

export async function startAnthropicStandIn(): Promise<AnthropicStandIn> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let fallback: ((request: RecordedRequest) => ScriptedReply) | undefined;
  let modelsReply: ScriptedReply | undefined;
  // Pending waits, so close() can cut a scripted delay short instead of leaving a timer running.
  const waits = new Set<() => void>();
  let closing = false;
  const wait = (ms: number | undefined) =>
    new Promise<void>((resolve) => {
      if (closing || !ms || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });

  const nextReply = (request: RecordedRequest): ScriptedReply => {
    const queued = queue.shift();
    if (queued) return queued;
    if (!fallback) return text('ok');
    try {
      return fallback(request);
    } catch (error) {
      // A broken script should fail the caller's request visibly, not hang it.
      return failure(500, 'api_error', `stand-in respondWith threw: ${String(error)}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flattenHeaders(req),
      body: parseJson(raw),
      receivedAt: Date.now(),
    };
    requests.push(request);
    const url = new URL(request.path, 'http://stand-in');

    // The real API refuses an unauthenticated call before anything else. SDK 1.x sends the key as
    // `authorization: Bearer …`; older clients and raw callers send `x-api-key`. Either will do.
    if (!request.headers['x-api-key'] && !request.headers.authorization) {
      return sendError(res, failure(401, 'authentication_error', 'x-api-key header is required'));
    }

    if (request.method === 'POST' && url.pathname === '/v1/messages') {
      // The real API rejects a malformed request before generating anything, so no reply is spent on it.
      const invalid = invalidMessagesRequest(raw, request.body);
      if (invalid) return sendError(res, failure(400, 'invalid_request_error', invalid));
      const reply = nextReply(request);
      await wait(reply.delayMs);
      if (reply.kind === 'error') return sendError(res, reply);
      const body = request.body as Record<string, unknown>;
      const message = renderMessage(reply, String(body.model), estimateInputTokens(body));
      if (body.stream === true) return sendStream(res, message, reply.chunkDelayMs, wait);
      return sendJson(res, 200, message);
    }

    if (request.method === 'GET' && url.pathname === '/v1/models') {
      if (modelsReply?.kind === 'error') {
        await wait(modelsReply.delayMs);
        return sendError(res, modelsReply);
      }
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const data = MODELS.slice(0, Number.isFinite(limit) && limit > 0 ? limit : 20);
      return sendJson(res, 200, {
        data,
        has_more: data.length < MODELS.length,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      });
    }

    const notFound = failure(404, 'not_found_error', `Not found: ${request.method} ${url.pathname}`);
    return sendError(res, notFound);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only a harness bug lands here; answer in the API's shape if the response has not started.
      if (!res.headersSent && !res.destroyed) {
        sendError(res, failure(500, 'api_error', `stand-in failed: ${String(error)}`));
      } else {
        res.destroy();
      }
    });
  });
  // Loopback only: nothing here is reachable from, or reaches out to, anything but this machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stand-in did not get a TCP port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    messageRequests: () =>
      requests.filter((r) => r.method === 'POST' && new URL(r.path, 'http://x').pathname === '/v1/messages'),
    reply: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (fn) => {
      fallback = fn;
    },
    modelsStatus: (reply) => {
      modelsReply = reply;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = undefined;
      modelsReply = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const done of [...waits]) done();
        // close() alone waits for keep-alive sockets and open streams; end them so it returns now.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function renderMessage(reply: MessageReply, model: string, inputTokens: number): Anthropic.Message {
  const content: Anthropic.ContentBlock[] = reply.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text, citations: null }
      : {
          type: 'tool_use',
          id: block.id ?? newId('toolu_'),
          name: block.name,
          input: block.input,
          caller: { type: 'direct' },
        },
  );
  const outputChars = reply.content.reduce(
    (sum, block) =>
      sum + (block.type === 'text' ? block.text.length : JSON.stringify(block.input ?? {}).length),
    0,
  );
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: reply.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? inputTokens,
      // The real API never reports zero output tokens, even for an empty reply.
      output_tokens: reply.usage?.output_tokens ?? Math.max(1, Math.ceil(outputChars / 4)),
      cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? 0,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: null,
    },
  };
}

/** The event sequence the real API streams for `message`, in order. */
function streamEvents(message: Anthropic.Message): Anthropic.RawMessageStreamEvent[] {
  const { usage } = message;
  const events: Anthropic.RawMessageStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    },
  ];
  message.content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, text: '' } });
      for (const piece of chunks(block.text)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    } else if (block.type === 'tool_use') {
      // The input arrives only as JSON fragments; the block starts with an empty object.
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const piece of chunks(JSON.stringify(block.input ?? {}))) {
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        });
      }
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null, container: null },
      usage: {
        output_tokens: usage.output_tokens,
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens_details: null,
        server_tool_use: null,
      },
    },
    { type: 'message_stop' },
  );
  return events;
}

async function sendStream(
  res: ServerResponse,
  message: Anthropic.Message,
  chunkDelayMs: number | undefined,
  wait: (ms: number | undefined) => Promise<void>,
): Promise<void> {
  if (gone(res)) return;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': newId('req_'),
  });
  const events = streamEvents(message);
  for (const [i, event] of events.entries()) {
    // The client went away (aborted, or close() dropped it): stop quietly, as the API would.
    if (gone(res)) return;
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    // The real API sends a keep-alive ping after message_start; the SDK must skip it.
    if (i === 0) res.write('event: ping\ndata: {"type": "ping"}\n\n');
    if (i < events.length - 1) await wait(chunkDelayMs);
  }
  res.end();
}

/** The client hung up (aborted, or close() dropped it), so there is no one left to write to. */
function gone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  if (gone(res)) return;
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req_'), ...headers });
  res.end(JSON.stringify(body));
}

/** The API's error shape; streamed requests get it too, since the API fails before a stream starts. */
function sendError(res: ServerResponse, reply: ErrorReply): void {
  const requestId = newId('req_');
  sendJson(
    res,
    reply.status,
    { type: 'error', error: { type: reply.type, message: reply.message }, request_id: requestId },
    { 'request-id': requestId, ...reply.headers },
  );
}

/** Why the real API would refuse this as a Messages request, or undefined if it would not. */
function invalidMessagesRequest(raw: string, body: unknown): string | undefined {
  if (!isRecord(body)) return raw ? 'The request body is not valid JSON.' : 'The request body is empty.';
  if (typeof body.model !== 'string') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  return undefined;
}

/**
 * A rough token count, about four characters a token, over the text the model would read: the system
 * prompt, the messages' text (not their roles or block types), tool inputs and results, and the tools.
 */
function estimateInputTokens(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const chars =
    textLength(body.system) +
    messages.reduce<number>((sum, m) => sum + (isRecord(m) ? textLength(m.content) : 0), 0) +
    (body.tools === undefined ? 0 : JSON.stringify(body.tools).length);
  return Math.max(1, Math.ceil(chars / 4));
}

/** The characters of text in a string or a list of content blocks. */
function textLength(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  return content.reduce<number>((sum, block) => {
    if (!isRecord(block)) return sum;
    if (typeof block.text === 'string') return sum + block.text.length;
    if (block.type === 'tool_use') return sum + JSON.stringify(block.input ?? {}).length;
    return sum + textLength(block.content);
  }, 0);
}

/** Splits on code points, so a delta never ends halfway through a surrogate pair. */
function chunks(value: string): string[] {
  const points = Array.from(value);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += CHUNK_CHARS) pieces.push(points.slice(i, i + CHUNK_CHARS).join(''));
  return pieces;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function newId(prefix: string): string {
  return prefix + randomBytes(12).toString('base64url');
}
