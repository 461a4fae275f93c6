import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { ApiError } from '../../lib/errors.js';
import { isBroadcast, type LiveEvent } from '../../services/events/publish.js';
import { subscribeEvents, type Unsubscribe } from '../../services/events/subscribe.js';
import { type AppDeps, platformOf } from '../deps.js';
import { authenticateSocket, type SocketPrincipal, socketToken } from './authenticate-socket.js';

export const SOCKET_PATH = '/ws';
/** Clients only send pings; 64 KiB is generous (the library's default is 100 MiB). */
const MAX_PAYLOAD = 64 * 1024;
/** A client that reads slower than events arrive is cut off rather than buffered without bound. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/** Sockets one user may hold open on one API process; each costs memory and a share of every broadcast. */
export const MAX_SOCKETS_PER_USER = 10;
/** Close code for an expired access token: reconnect with a fresh one. */
export const TOKEN_EXPIRED_CLOSE = 4401;

export interface EventSocket {
  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

interface Client {
  ws: WebSocket;
  alive: boolean;
  expiry: NodeJS.Timeout;
}

/**
 * Live events over WebSockets at `/ws`. Every process listens to the database's event channel and
 * forwards each event to its own sockets of the event's organization, so a run started through one
 * API process reaches sockets held by any other.
 */
export async function createEventSocket(
  deps: AppDeps,
  options: { databaseUrl?: string },
): Promise<EventSocket> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const byOrg = new Map<string, Set<Client>>();
  /** Open and opening sockets per user (counted from the upgrade on, so a burst cannot overshoot). */
  const perUser = new Map<string, number>();
  let closing = false;
  const accepted = new WeakSet<Duplex>();
  const release = (userId: string) => {
    const left = (perUser.get(userId) ?? 1) - 1;
    if (left > 0) perUser.set(userId, left);
    else perUser.delete(userId);
  };

  const unsubscribe: Unsubscribe = await subscribeEvents(deps.database, options.databaseUrl, (event) => {
    if (isBroadcast(event.type)) broadcast(byOrg.get(event.orgId), event);
  });

  const heartbeat = setInterval(() => {
    for (const clients of byOrg.values()) {
      for (const client of clients) {
        if (!client.alive) {
          client.ws.terminate();
          continue;
        }
        client.alive = false;
        client.ws.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const accept = (ws: WebSocket, { principal, expiresAt }: SocketPrincipal) => {
    const orgClients = byOrg.get(principal.orgId) ?? new Set<Client>();
    byOrg.set(principal.orgId, orgClients);
    const client: Client = {
      ws,
      alive: true,
      expiry: setTimeout(() => ws.close(TOKEN_EXPIRED_CLOSE, 'access token expired'), expiresAt - Date.now()),
    };
    orgClients.add(client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary && isPing(data)) ws.send(JSON.stringify({ type: 'pong' }));
    });
    // Oversized or malformed frames: `ws` closes the socket itself; nothing may throw from here.
    ws.on('error', () => undefined);
    ws.on('close', () => {
      release(principal.userId);
      clearTimeout(client.expiry);
      orgClients.delete(client);
      if (orgClients.size === 0 && byOrg.get(principal.orgId) === orgClients) byOrg.delete(principal.orgId);
    });
  };

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', () => undefined);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/+$/, '') !== SOCKET_PATH) return refuse(socket, notFoundError(url));
      if (closing) return refuse(socket, new ApiError('shutting_down', 'Server is shutting down'));
      if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
        return refuse(socket, new ApiError('malformed_request', 'Only WebSocket upgrades are served'));
      }
      authenticateSocket(platformOf(deps), socketToken(url, request.headers.authorization)).then(
        (who) => {
          if (closing || socket.destroyed) return socket.destroy();
          const userId = who.principal.userId;
          const open = perUser.get(userId) ?? 0;
          if (open >= MAX_SOCKETS_PER_USER) {
            return refuse(
              socket,
              new ApiError(
                'too_many_connections',
                `At most ${MAX_SOCKETS_PER_USER} WebSocket connections per user; close one first`,
              ),
            );
          }
          perUser.set(userId, open + 1);
          // A handshake that fails after this point never reaches `close`: give the slot back.
          socket.once('close', () => {
            if (!accepted.has(socket)) release(userId);
          });
          wss.handleUpgrade(request, socket, head, (ws) => {
            accepted.add(socket);
            accept(ws, who);
          });
        },
        (error: unknown) => {
          if (error instanceof ApiError) return refuse(socket, error);
          deps.logger.error({ err: error }, 'websocket authentication failed');
          refuse(socket, new ApiError('internal_error', 'Something went wrong'));
        },
      );
    },
    async close() {
      closing = true;
      clearInterval(heartbeat);
      const clients = [...byOrg.values()].flatMap((set) => [...set]);
      const closed = Promise.all(
        clients.map(
          (c) =>
            new Promise<void>((resolve) =>
              c.ws.readyState === WebSocket.CLOSED ? resolve() : c.ws.once('close', () => resolve()),
            ),
        ),
      );
      for (const client of clients) client.ws.close(1001, 'server shutting down');
      // A peer that never answers the closing handshake must not hold the shutdown open.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      for (const client of clients) client.ws.terminate();
      await unsubscribe();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function broadcast(clients: Set<Client> | undefined, event: LiveEvent) {
  if (!clients?.size) return;
  const at = typeof event.data.at === 'string' ? event.data.at : new Date().toISOString();
  const message = JSON.stringify({ type: event.type, data: event.data, at });
  for (const { ws } of clients) {
    if (ws.readyState !== WebSocket.OPEN) continue;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      ws.close(1013, 'too slow: reconnect and catch up through the API');
      continue;
    }
    ws.send(message);
  }
}

function isPing(data: RawData): boolean {
  try {
    const message: unknown = JSON.parse(data.toString());
    return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ping';
  } catch {
    return false;
  }
}

const notFoundError = (url: URL) =>
  new ApiError('route_not_found', `No WebSocket endpoint at ${url.pathname}`);

/** Answers the upgrade request with a problem-details response instead of switching protocols. */
function refuse(socket: Duplex, error: ApiError) {
  if (socket.destroyed) return;
  const body = JSON.stringify({
    type: `https://conveyor.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: SOCKET_PATH,
    request_id: null,
  });
  const headers = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(error.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
