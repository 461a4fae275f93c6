import { createServer, type Server } from 'node:http';

/** What the stand-in answered for a key: the same answer every time the key comes back. */
export interface AppliedEffect {
  key: string;
  path: string;
  /** 1 for the first key applied, 2 for the second, …: the order side effects happened in. */
  sequence: number;
}

export interface EffectsServer {
  url: string;
  /** Side effects applied, one per distinct Idempotency-Key. */
  applied: Map<string, AppliedEffect>;
  /** Requests received per key, repeats included: more than 1 means the caller retried. */
  received: Map<string, number>;
  /** Requests that carried no Idempotency-Key (a caller bug: such a call cannot be deduplicated). */
  withoutKey(): number;
  /** The first request of each key is answered only after this many ms: a slow call a crash can cut. */
  holdFirstRequestsFor(ms: number): void;
  /** First requests being held right now. */
  held(): number;
  waitUntil(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A customer API that honours `Idempotency-Key` the way payment APIs do: the first request with a
 * key applies the side effect, and every later request with that key gets the same answer without
 * applying anything again. Counting distinct keys counts side effects.
 */
export async function startEffectsServer(): Promise<EffectsServer> {
  const applied = new Map<string, AppliedEffect>();
  const received = new Map<string, number>();
  let withoutKey = 0;
  let holdMs = 0;
  let held = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (typeof key !== 'string' || key === '') {
        withoutKey += 1;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'Idempotency-Key required' }));
        return;
      }
      received.set(key, (received.get(key) ?? 0) + 1);
      let effect = applied.get(key);
      const first = effect === undefined;
      if (!effect) {
        effect = { key, path, sequence: applied.size + 1 };
        applied.set(key, effect);
      }
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(effect));
      };
      if (first && holdMs > 0) {
        held += 1;
        setTimeout(() => {
          held -= 1;
          answer();
        }, holdMs);
      } else {
        answer();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    applied,
    received,
    withoutKey: () => withoutKey,
    holdFirstRequestsFor(ms) {
      holdMs = ms;
    },
    held: () => held,
    async waitUntil(condition, what, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`effects server: timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
