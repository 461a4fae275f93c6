import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ServerType, serve } from '@hono/node-server';
import type { App } from './env.js';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Takes over HTTP upgrade requests (the WebSocket at /ws); the Hono app never sees them. */
  onUpgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** Listens on host:port; resolves once the socket is bound so the printed URL already answers. */
export function serveApi(
  app: App,
  hostname: string,
  port: number,
  options: ServeOptions = {},
): Promise<RunningApi> {
  return new Promise((resolveServer, reject) => {
    let server: ServerType;
    const onError = (error: Error) => reject(error);
    server = serve({ fetch: app.fetch, hostname, port }, (info) => {
      server.off('error', onError);
      const shownHost = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
      resolveServer({
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would otherwise hold close() open.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    if (options.onUpgrade) server.on('upgrade', options.onUpgrade);
    server.once('error', onError);
  });
}
