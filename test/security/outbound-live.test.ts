import { createServer, type RequestListener, type Server } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loopbackAt } from '../../src/lib/outbound/build-guard.js';
import { sendOutbound } from '../../src/lib/outbound/client.js';
import { OutboundError } from '../../src/lib/outbound/errors.js';
import { OutboundGuard } from '../../src/lib/outbound/guard.js';
import { protectedEndpoints } from '../../src/lib/outbound/protected-endpoints.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * The guard over real sockets, on loopback only: every request here aims at 127.0.0.1 (in one of
 * its spellings) or at this suite's own Temporal dev server. The name `localhost` is never looked
 * up: a resolver that refuses every name keeps DNS out of it.
 */
const noNames = async () => {
  throw new Error('no name lookups in this suite');
};

async function listen(handler: RequestListener): Promise<{ server: Server; port: number; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, url: `http://127.0.0.1:${port}` };
}

let target: Awaited<ReturnType<typeof listen>>;
let redirector: Awaited<ReturnType<typeof listen>>;
let t: TestApp;
let hostile: Account;

beforeAll(async () => {
  target = await listen((req, res) => {
    if (req.url === '/bomb') {
      // 256 MiB of zeros, about 250 KiB on the wire.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      const chunk = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 256) {
          sent += 1;
          if (!gzip.write(chunk)) return void gzip.once('drain', pump);
        }
        gzip.end();
      };
      pump();
      return;
    }
    if (req.url === '/endless') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const timer = setInterval(() => res.write(chunk), 1);
      res.once('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  redirector = await listen((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
    res.writeHead(302, { location: to });
    res.end();
  });
  t = await createTestApp();
  await t.startWorker();
  hostile = await registerAccount(t.app, 'hostile-outbound');
});
afterAll(async () => {
  await t?.close();
  target?.server.close();
  redirector?.server.close();
});

/** A guard that admits exactly the given loopback ports and protects the suite's Temporal server. */
function guardFor(...ports: number[]) {
  return new OutboundGuard(
    {
      allow: ports.flatMap((port) => loopbackAt(port, `stand-in ${port}`)),
      protected: protectedEndpoints({
        temporalAddress: inject('temporalAddress'),
        temporalPorts: inject('temporalPorts'),
      }),
    },
    noNames,
  );
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

const get = (guard: OutboundGuard, url: string, maxResponseBytes = 1024 * 1024) =>
  sendOutbound(guard, { method: 'GET', url, maxResponseBytes });

describe('loopback, live', () => {
  it('refuses every spelling of loopback without an allow-list entry', async () => {
    const strict = guardFor();
    for (const host of [
      '127.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '0x7f000001',
      '127.1',
      '[::ffff:127.0.0.1]',
    ]) {
      const error = await failure(get(strict, `http://${host}:${target.port}/`));
      expect(error.code, host).toBe('DESTINATION_NOT_ALLOWED');
    }
  });

  it('reaches an allow-listed stand-in, and re-checks a redirect to another loopback port', async () => {
    const guard = guardFor(target.port, redirector.port);
    expect((await get(guard, `${target.url}/`)).status).toBe(200);
    const followed = await get(guard, `${redirector.url}/?to=${encodeURIComponent(`${target.url}/ok`)}`);
    expect(followed).toMatchObject({ status: 200, url: `${target.url}/ok` });
    const onlyRedirector = guardFor(redirector.port);
    const error = await failure(
      get(onlyRedirector, `${redirector.url}/?to=${encodeURIComponent(`${target.url}/`)}`),
    );
    expect(error).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', rule: 'loopback' });
  });

  it('stops after the redirect cap', async () => {
    const guard = guardFor(redirector.port);
    const loop = `${redirector.url}/?to=${encodeURIComponent(`${redirector.url}/`)}`;
    expect((await failure(get(guard, loop))).code).toBe('TOO_MANY_REDIRECTS');
  });

  it("refuses the Temporal server's ports even when loopback is allow-listed, directly and by redirect", async () => {
    const everyLoopbackPort = new OutboundGuard(
      {
        allow: loopbackAt(undefined, 'all of loopback'),
        protected: protectedEndpoints({
          temporalAddress: inject('temporalAddress'),
          temporalPorts: inject('temporalPorts'),
        }),
      },
      noNames,
    );
    const temporalHost = inject('temporalAddress').split(':')[0];
    const { http, ui } = inject('temporalPorts');
    const history = `http://${temporalHost}:${http}/api/v1/namespaces/default/workflows`;
    expect((await failure(get(everyLoopbackPort, history))).rule).toBe('protected');
    expect((await failure(get(everyLoopbackPort, `http://${temporalHost}:${ui}/`))).rule).toBe('protected');
    const viaRedirect = `${redirector.url}/?to=${encodeURIComponent(history)}`;
    expect((await failure(get(everyLoopbackPort, viaRedirect))).rule).toBe('protected');
  });

  it('reads a closed port as unreachable, naming no reason', async () => {
    const closed = await listen(() => undefined);
    const port = closed.port;
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await failure(get(guardFor(port), `http://127.0.0.1:${port}/`));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(error.message).not.toMatch(/ECONNREFUSED|refused/i);
  });
});

describe('response size', () => {
  it('stops a compressed bomb and an endless body at the cap on decoded bytes, memory bounded', async () => {
    const guard = guardFor(target.port);
    const before = process.memoryUsage().rss;
    expect((await failure(get(guard, `${target.url}/bomb`))).code).toBe('RESPONSE_TOO_LARGE');
    expect((await failure(get(guard, `${target.url}/endless`))).code).toBe('RESPONSE_TOO_LARGE');
    // The bomb decodes to 256 MiB; reading it whole would show here.
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 1024 * 1024);
  });
});

describe('an http step, run by a hostile organization', () => {
  it("fails with DESTINATION_NOT_ALLOWED against Temporal's HTTP API, non-retryable", async () => {
    const temporalHost = inject('temporalAddress').split(':')[0];
    const url = `http://${temporalHost}:${inject('temporalPorts').http}/api/v1/namespaces/default/workflows`;
    const workflowId = await seedPublishedWorkflow(t, hostile, {
      steps: [
        { id: 'peek', type: 'http', config: { url }, retry: { max_attempts: 5, initial_interval: '1s' } },
      ],
    });
    const execution = await launch(t, hostile, workflowId, {});
    const outcome = await waitForOutcome(t, execution.id);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', step_id: 'peek' });
  });
});
