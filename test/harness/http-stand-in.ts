import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface StandIn {
  url: string;
  requests: RecordedRequest[];
  /** Sets what a path answers; a function can vary by attempt (e.g. fail twice, then succeed). */
  on(path: string, reply: (request: RecordedRequest, count: number) => StandInReply): void;
  close(): Promise<void>;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A customer HTTP API stand-in on a real socket: answers as told and records what it received. */
export async function startHttpStandIn(): Promise<StandIn> {
  const routes = new Map<string, (request: RecordedRequest, count: number) => StandInReply>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      const recorded = {
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      requests.push(recorded);
      const reply = routes.get(path);
      const count = requests.filter((r) => r.path === path).length;
      const { status, body, headers } = reply
        ? reply(recorded, count)
        : { status: 404, body: { error: 'no route' }, headers: {} };
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, reply) => routes.set(path, reply),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
