// Runs `temporal server start-dev` as a child process, described by temporal-dev.yml.
// Used by `npm start` (fixed ports, database file) and by the test harness (ephemeral: free
// ports, in memory). We spawn the CLI ourselves rather than use the SDK's createLocal because
// its readiness wait is a hard-coded 5 s, too short on a loaded 2-core machine with a file DB.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
// Default import: named imports from this CommonJS package fail under Node's ESM loader.
import proto from '@temporalio/proto';
import type { TemporalDevConfig } from './dev-config.js';
import { ensureNamespaceReady } from './namespace-setup.js';

export type DevServerPorts = TemporalDevConfig['ports'];

export interface DevServerOptions {
  cliPath: string;
  config: TemporalDevConfig;
  /** Keeps state in `dataDir/config.database_file`; without it the server runs in memory. */
  dataDir?: string;
  /** Overrides temporal-dev.yml; 0 means a free port. */
  ports?: Partial<DevServerPorts>;
  headless?: boolean;
  /** For tests: every port not given in `ports` is a free one, and state is in memory. */
  ephemeral?: boolean;
  /** Appends the server's output to this file; otherwise it goes to our stderr, line by line. */
  logFile?: string;
  /** Prefix for the server's lines on our stderr. */
  logPrefix?: string;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  metricsUrl: string;
  /** Every port it listens on (outbound requests from steps must never reach them). */
  ports: DevServerPorts;
  pid: number;
  /** SIGTERM, then SIGKILL if it hasn't exited after 10 s. Safe to call twice. */
  stop(): Promise<void>;
}

const portNames = ['frontend', 'ui', 'metrics', 'http'] as const satisfies readonly (keyof DevServerPorts)[];
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_LINES = 40;

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const { config, headless = false, ephemeral = false } = opts;
  if (ephemeral && opts.dataDir !== undefined) {
    throw new Error('startDevServer: `ephemeral` runs in memory, so it cannot be combined with `dataDir`');
  }
  const ports = await choosePorts(opts);
  const dbFile = opts.dataDir === undefined ? undefined : resolve(opts.dataDir, config.database_file);
  if (dbFile) mkdirSync(dirname(dbFile), { recursive: true });

  const args = buildDevServerArgs(config, { ports, headless, dbFile });
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child, opts);
  // A dev server outliving the process that started it would hold the ports for the next run.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<string>((resolveExit) => {
    child.once('error', (err) => resolveExit(`could not be run (${err.message})`));
    child.once('exit', (code, signal) => resolveExit(`exited with ${signal ?? `code ${code}`}`));
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    output.quiet();
    stopping ??= stopChild(child, exited).finally(() => {
      process.off('exit', killOnExit);
      output.close();
    });
    return stopping;
  };

  const address = `${config.ip}:${ports.frontend}`;
  try {
    const connection = await waitUntilServing(address, exited, output, opts.readyTimeoutMs ?? 60_000);
    try {
      await ensureNamespaceReady(connection, {
        namespace: config.namespace,
        searchAttributes: config.search_attributes,
        retention: config.retention,
      });
    } finally {
      await connection.close();
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    address,
    namespace: config.namespace,
    ...(headless ? {} : { uiUrl: `http://${config.ip}:${ports.ui}` }),
    metricsUrl: `http://${config.ip}:${ports.metrics}/metrics`,
    ports,
    pid: child.pid ?? -1,
    stop,
  };
}

/** The `temporal` arguments for a server described by `config`; exported for inspection in tests. */
export function buildDevServerArgs(
  config: TemporalDevConfig,
  { ports, headless, dbFile }: { ports: DevServerPorts; headless: boolean; dbFile: string | undefined },
): string[] {
  const args = ['server', 'start-dev', '--ip', config.ip, '--port', String(ports.frontend)];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(ports.ui));
  // Both are random by default; fixed values keep the scrape target and HTTP API stable.
  args.push('--metrics-port', String(ports.metrics), '--http-port', String(ports.http));
  args.push('--namespace', config.namespace);
  if (dbFile) {
    args.push('--db-filename', dbFile);
    for (const [pragma, value] of Object.entries(config.sqlite_pragmas)) {
      args.push('--sqlite-pragma', `${pragma}=${value}`);
    }
  }
  for (const [name, type] of Object.entries(config.search_attributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  for (const [key, value] of Object.entries(config.dynamic_config)) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (config.codec_endpoint && !headless) args.push('--ui-codec-endpoint', config.codec_endpoint);
  args.push('--log-level', config.log_level);
  return args;
}

async function choosePorts({
  config,
  ports = {},
  headless,
  ephemeral,
}: DevServerOptions): Promise<DevServerPorts> {
  const chosen = { ...config.ports };
  for (const name of portNames) {
    if (name === 'ui' && headless) continue;
    const wanted = ports[name] ?? (ephemeral ? 0 : config.ports[name]);
    if (wanted === 0) {
      chosen[name] = await freePort(config.ip);
    } else {
      chosen[name] = wanted;
      await assertPortFree(config.ip, wanted, name, ports.frontend ?? config.ports.frontend);
    }
  }
  return chosen;
}

async function assertPortFree(ip: string, port: number, name: string, frontend: number): Promise<void> {
  const error = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const probe = createServer();
    probe.once('error', done);
    probe.listen(port, ip, () => probe.close(() => done(undefined)));
  });
  if (!error) return;
  const hint =
    name === 'frontend' || name === 'ui'
      ? `Another Temporal server is probably running: stop it, or set TEMPORAL_ADDRESS=${ip}:${frontend} to use it instead of starting one.`
      : `Change ports.${name} in temporal-dev.yml or free the port.`;
  throw new Error(
    `Cannot start the Temporal dev server: ${name} port ${ip}:${port} is unavailable (${error.code}). ${hint}`,
  );
}

function freePort(ip: string): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, ip, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

interface CapturedOutput {
  tail(): string;
  /** Stops echoing to our stderr: shutdown prints dozens of harmless "connection refused" warnings. */
  quiet(): void;
  close(): void;
}

/** Forwards the child's output (to a file or our stderr) and keeps the last lines for error messages. */
function captureOutput(
  child: ChildProcess,
  { logFile, logPrefix = '[temporal] ' }: DevServerOptions,
): CapturedOutput {
  const lines: string[] = [];
  let echo = true;
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const sink: Writable = logFile ? createWriteStream(logFile, { flags: 'a' }) : process.stderr;
  const emit = (line: string) => {
    lines.push(line);
    if (lines.length > OUTPUT_TAIL_LINES) lines.shift();
    if (logFile) sink.write(`${line}\n`);
    else if (echo) sink.write(`${logPrefix}${line}\n`);
  };
  const follow = (stream: Readable | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      parts.forEach(emit);
    });
    stream?.on('end', () => partial && emit(partial));
  };
  follow(child.stdout);
  follow(child.stderr);
  return {
    tail: () => lines.join('\n'),
    quiet: () => {
      echo = false;
    },
    close: () => {
      if (sink !== process.stderr) sink.end();
    },
  };
}

async function waitUntilServing(
  address: string,
  exited: Promise<string>,
  output: CapturedOutput,
  timeoutMs: number,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  const failure = (reason: string) => {
    const tail = output.tail().trim();
    return new Error(tail ? `${reason} Its last output:\n${tail}` : reason);
  };
  const exitedEarly = exited.then((reason) => ({ exitedEarly: reason }));
  let lastError: unknown;
  while (Date.now() < deadline) {
    const attempt = connectIfServing(address);
    // Raced so that a server that dies at once is reported at once, not after the connect timeout.
    const outcome = await Promise.race([attempt, exitedEarly]);
    if ('exitedEarly' in outcome) {
      void attempt.then((result) => ('connection' in result ? result.connection.close() : undefined));
      throw failure(`Temporal dev server ${outcome.exitedEarly} before it was ready.`);
    }
    if ('connection' in outcome) return outcome.connection;
    lastError = outcome.error;
    await sleep(200);
  }
  throw failure(
    `Temporal dev server at ${address} was not ready after ${timeoutMs / 1000}s (last error: ${lastError instanceof Error ? lastError.message : String(lastError)}).`,
  );
}

async function connectIfServing(address: string): Promise<{ connection: Connection } | { error: unknown }> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: '1s' });
    const { status } = await connection.healthService.check({
      service: 'temporal.api.workflowservice.v1.WorkflowService',
    });
    if (status === proto.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) return { connection };
    await connection.close();
    return { error: new Error(`health status ${status}`) };
  } catch (error) {
    await connection?.close();
    return { error };
  }
}

async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  // Cancelled once the child exits, so a quick stop doesn't hold the event loop for the full grace period.
  const grace = new AbortController();
  const timedOut = Symbol('timed out');
  const result = await Promise.race([
    exited,
    sleep(STOP_GRACE_MS, timedOut, { signal: grace.signal }).catch(() => undefined),
  ]);
  grace.abort();
  if (result === timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}
