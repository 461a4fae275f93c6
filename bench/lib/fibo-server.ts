// The small unit of work the flow benchmarks call: `GET /fibo?n=10` answers `{ n, value }` after
// computing the naive recursive Fibonacci number. It runs as its own process (startFiboServer
// spawns this file), so its compute never blocks the event loop of the worker being measured,
// like a real service on another host. It also keeps the time each request arrived and was
// answered, so a benchmark can split a run's time into "the endpoint computing" and "the engine
// getting from one step to the next".
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The naive recursion on purpose: it is the fixed amount of CPU work the issue describes. */
export function fibo(n: number): number {
  return n < 2 ? n : fibo(n - 1) + fibo(n - 2);
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one host. */
export const epochMs = () => performance.timeOrigin + performance.now();

/** One request as the server saw it (epoch ms). */
export interface FiboRequest {
  arrived: number;
  answered: number;
}

export interface FiboServer {
  /** `http://127.0.0.1:<port>/fibo`; add `?n=`. */
  url: string;
  /** The requests since the last call, in arrival order, and forgets them. */
  takeRequests(): Promise<FiboRequest[]>;
  /** Milliseconds this process takes for `times` × fibo(n) in plain Node, between runs. */
  floorMs(n: number, times: number): Promise<number>;
  close(): Promise<void>;
}

function serve(): Promise<number> {
  let requests: FiboRequest[] = [];
  const server = createServer((request, response) => {
    const arrived = epochMs();
    const url = new URL(request.url ?? '/', 'http://localhost');
    request.resume();
    request.on('end', () => {
      if (url.pathname === '/requests') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(requests));
        requests = [];
        return;
      }
      const n = Number(url.searchParams.get('n') ?? '10');
      if (url.pathname === '/floor') {
        // The compute floor in this same process: `times` × fibo(n) back to back, no engine.
        const times = Number(url.searchParams.get('times') ?? '1');
        const start = epochMs();
        for (let i = 0; i < times; i++) fibo(n);
        const ms = epochMs() - start;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ms }));
        return;
      }
      if (url.pathname !== '/fibo' || !Number.isInteger(n) || n < 0 || n > 40) {
        response.writeHead(404).end();
        return;
      }
      const value = fibo(n);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ n, value }));
      requests.push({ arrived, answered: epochMs() });
    });
  });
  // Keep-alive connections from the worker's fetch stay open between steps, as they would in production.
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Spawns the server process and waits for its port. */
export async function startFiboServer(): Promise<FiboServer> {
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
  const child: ChildProcess = spawn(tsx, [fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /FIBO_PORT (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`fibo server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/fibo`,
    async takeRequests() {
      return (await (await fetch(`${base}/requests`)).json()) as FiboRequest[];
    },
    async floorMs(n, times) {
      return ((await (await fetch(`${base}/floor?n=${n}&times=${times}`)).json()) as { ms: number }).ms;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = await serve();
  process.stdout.write(`FIBO_PORT ${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}
