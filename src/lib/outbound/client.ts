import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { OutboundError } from './errors.js';
import { type Destination, type OutboundGuard, unreachable } from './guard.js';

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Largest response body kept, in decoded bytes. */
  maxResponseBytes: number;
  signal?: AbortSignal;
  /**
   * Headers that carry a credential besides Authorization and Cookie (an API key's `X-API-Key`):
   * like those, dropped when a redirect leaves the origin they were given for.
   */
  sensitiveHeaders?: readonly string[];
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

/** Redirect hops followed before giving up; each is checked like the first request. */
export const MAX_REDIRECTS = 5;

/** Sends one request through the connection a test may replace: it receives only checked destinations. */
export type Connector = (destination: Destination, request: OutboundRequest) => Promise<OutboundResponse>;

/**
 * An HTTP request to a user-given URL, through the guard: every hop (the first and each redirect)
 * is checked, and the connection goes to the checked address (no second lookup, so a DNS answer
 * that changes between check and connect cannot move it). The body is read as a stream and
 * decoded here, with the cap counted on decoded bytes: a compressed bomb or an endless chunked
 * body stops at the cap.
 */
export async function sendOutbound(
  guard: OutboundGuard,
  request: OutboundRequest,
  connect: Connector = connectPinned,
): Promise<OutboundResponse> {
  let current = request;
  for (let hop = 0; ; hop += 1) {
    const destination = await guard.check(current.url);
    const response = await connect(destination, current);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
    if (hop >= MAX_REDIRECTS) {
      throw new OutboundError('TOO_MANY_REDIRECTS', `More than ${MAX_REDIRECTS} redirects`, false);
    }
    current = redirected(current, destination.url, response.status, location);
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The next hop as browsers and fetch make it: 303 (and 301/302 after POST) become a GET without body. */
function redirected(previous: OutboundRequest, from: URL, status: number, location: string): OutboundRequest {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new OutboundError('INVALID_URL', 'A redirect pointed at an invalid URL', false);
  }
  const becomesGet =
    (status === 303 && previous.method !== 'HEAD') ||
    ((status === 301 || status === 302) && previous.method === 'POST');
  const headers = { ...previous.headers };
  const sensitive = new Set([
    'authorization',
    'cookie',
    ...(previous.sensitiveHeaders ?? []).map((h) => h.toLowerCase()),
  ]);
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    // Credentials stay with the origin they were given for.
    if (next.origin !== from.origin && sensitive.has(lower)) delete headers[name];
    if (becomesGet && (lower === 'content-type' || lower === 'content-length')) delete headers[name];
  }
  return {
    ...previous,
    url: next.href,
    method: becomesGet ? 'GET' : previous.method,
    body: becomesGet ? undefined : previous.body,
    headers,
  };
}

/** The real connection: node:http(s) with a lookup that answers only the checked address. */
export const connectPinned: Connector = (destination, request) =>
  new Promise((resolve, reject) => {
    const { url } = destination;
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: destination.address, family: destination.family }]);
      else callback(null, destination.address, destination.family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(
      url,
      {
        method: request.method,
        headers: { 'accept-encoding': 'gzip, deflate, br', ...request.headers },
        lookup: pinned,
        agent: false,
        signal: request.signal,
      },
      (incoming) => {
        readCapped(incoming, request.maxResponseBytes).then(
          (body) =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: flatHeaders(incoming),
              body,
              url: url.href,
            }),
          reject,
        );
      },
    );
    outgoing.once('error', (error) => {
      if (request.signal?.aborted) reject(error);
      // Refused, reset and timed out read the same: a step is not a port scanner.
      else reject(unreachable(url));
    });
    outgoing.end(request.body);
  });

function readCapped(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(incoming.headers['content-length'] ?? 0);
    const encoding = String(incoming.headers['content-encoding'] ?? '').toLowerCase();
    if (declared > limit && !encoding) {
      incoming.destroy();
      reject(tooLarge(limit));
      return;
    }
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : encoding === 'br'
            ? createBrotliDecompress()
            : null;
    const stream = decoder ? incoming.pipe(decoder) : incoming;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // Settled before the streams are destroyed: destroying emits `aborted` at once, and that
    // must not replace the reason with "cut off".
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
      incoming.destroy();
      decoder?.destroy();
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    });
    stream.once('end', () => {
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    stream.once('error', () =>
      fail(new OutboundError('NETWORK_ERROR', 'The response could not be read', true)),
    );
    incoming.once('aborted', () =>
      fail(new OutboundError('NETWORK_ERROR', 'The response was cut off', true)),
    );
  });
}

const tooLarge = (limit: number) =>
  new OutboundError('RESPONSE_TOO_LARGE', `Response body exceeds ${limit} bytes`, false);

function flatHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
