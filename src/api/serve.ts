import { type ServerType, serve } from '@hono/node-server';
import type { App } from './env.js';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port; resolves once the socket is bound so the printed URL already answers. */
export function serveApi(app: App, hostname: string, port: number): Promise<RunningApi> {
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
    server.once('error', onError);
  });
}
