import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { OutboundError } from './errors.js';
import { type OutboundGuard, unreachable } from './guard.js';

/**
 * A `fetch` over the outbound guard whose Response body streams as it arrives (server-sent events
 * of a model's answer), for SDKs that take a custom fetch. The destination is checked by the guard
 * and the connection pinned to the checked address, as `sendOutbound` does; unlike it, redirects
 * are not followed (the APIs it serves answer in place) and the body is not read whole: the stream
 * errors once it passes `maxResponseBytes`. No `accept-encoding` is sent, so the body arrives as is.
 */
export function streamingGuardedFetch(guard: OutboundGuard, options: { maxResponseBytes: number }) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const target = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    const destination = await guard.check(target);
    const { url } = destination;
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? {}).forEach((value, name) => {
      headers[name] = value;
    });
    const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [{ address: destination.address, family: destination.family }]);
      else callback(null, destination.address, destination.family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(url, {
        method: init.method ?? 'GET',
        headers,
        lookup: pinned,
        agent: false,
        signal: init.signal ?? undefined,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', (error) => {
        if (init.signal?.aborted) reject(error);
        else reject(unreachable(url));
      });
      outgoing.end(bodyOf(init.body));
    });
    const response = new Response(
      NULL_BODY_STATUSES.has(incoming.statusCode ?? 0)
        ? null
        : (Readable.toWeb(capped(incoming, options.maxResponseBytes)) as ReadableStream<Uint8Array>),
      { status: incoming.statusCode ?? 0, headers: flatHeaders(incoming) },
    );
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  };
}

/** The SDKs it serves send JSON text; anything else is refused rather than sent garbled. */
function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('streamingGuardedFetch sends string, bytes or form bodies only');
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The body, ended with RESPONSE_TOO_LARGE once it passes the cap. */
function capped(incoming: IncomingMessage, limit: number): Readable {
  let size = 0;
  const out = new Readable({ read: () => incoming.resume() });
  incoming.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      incoming.destroy();
      out.destroy(new OutboundError('RESPONSE_TOO_LARGE', `Response body exceeds ${limit} bytes`, false));
      return;
    }
    if (!out.push(chunk)) incoming.pause();
  });
  incoming.once('end', () => out.push(null));
  incoming.once('aborted', () =>
    out.destroy(new OutboundError('NETWORK_ERROR', 'The response was cut off', true)),
  );
  incoming.once('error', () =>
    out.destroy(new OutboundError('NETWORK_ERROR', 'The response could not be read', true)),
  );
  return out;
}

function flatHeaders(incoming: IncomingMessage): [string, string][] {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  return headers;
}
