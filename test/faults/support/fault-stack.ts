// The product in its production shape for fault injection: `npm run api` and `npm run worker` as
// separate processes, a Temporal dev server on a database file (so it can be restarted on it), and
// this file's own database on the suite's private PostgreSQL cluster. Each piece can be killed
// and started again by the scenario.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { staticKeyring } from '../../../src/lib/keys/keyring.js';
import { generateSigningKeyPem } from '../../../src/secrets.js';
import { resolveTemporalCli } from '../../../src/temporal/cli-path.js';
import { connectTemporal, type TemporalHandle } from '../../../src/temporal/client.js';
import { loadTemporalDevConfig } from '../../../src/temporal/dev-config.js';
import { type DevServer, startDevServer } from '../../../src/temporal/dev-server.js';
import { CHECKOUT_BUNDLE_CACHE_DIR } from '../../../src/temporal/workflow-bundle-cache.js';
import { cloneTestDatabase, type TestDatabase } from '../../harness/database.js';
import { freePort, type RunningProcess, runEntryPoint } from '../../harness/processes.js';
import type { PostgresClusterInfo } from './postgres-cluster.js';
import { killTree } from './process-tree.js';

/** Slow on a loaded 2-core machine: the first worker start of a changed tree bundles the workflow code. */
const START_TIMEOUT_MS = 120_000;

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface Account {
  token: string;
  orgId: string;
  userId: string;
}

export interface TemporalServer {
  address: string;
  namespace: string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period); its database file stays. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and database file. */
  start(): Promise<void>;
}

export interface FaultStack {
  cluster: PostgresClusterInfo;
  /** This file's own database on the suite's cluster; also read directly by the test. */
  database: TestDatabase;
  databaseUrl: string;
  jwtPrivateKey: string;
  masterKey: string;
  temporalServer: TemporalServer;
  /** The test's own client, for visibility counts and histories. */
  temporal: TemporalHandle;
  taskQueue: string;
  apiUrl: string;
  api(): RunningProcess;
  /** Starts the API process (again); `databaseUrl` lets a test route it through a proxy. */
  startApi(options?: { databaseUrl?: string }): Promise<RunningProcess>;
  startWorker(): Promise<RunningProcess>;
  /** Every worker started and not yet seen to exit. */
  workers(): RunningProcess[];
  /** SIGKILL of a process and its children (tsx runs the entry point in a child). */
  kill(running: RunningProcess): Promise<void>;
  http<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<HttpAnswer<T>>;
  register(label: string): Promise<Account>;
  /** What every process said, for a failed scenario (the first thing to read). */
  printOutputs(): void;
  close(): Promise<void>;
}

/** False when no PostgreSQL server binaries are installed: global setup said so, the file skips. */
export function faultSuiteCanRun(): boolean {
  return inject('faultsPostgres') !== null;
}

export async function startFaultStack(label: string): Promise<FaultStack> {
  const cluster = inject('faultsPostgres');
  if (!cluster) throw new Error('no PostgreSQL cluster: the file should have been skipped');
  const scratch = mkdtempSync(join(tmpdir(), `conveyor-fault-${label}-`));
  const processes: RunningProcess[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const running of processes) await killTree(running);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  const printOutputs = () => {
    for (const running of processes) {
      console.log(
        `--- output of pid ${running.child.pid} (${running.child.spawnargs.at(-1)}):\n${tail(running)}`,
      );
    }
    try {
      console.log(
        `--- temporal dev server log:\n${readFileSync(join(scratch, 'temporal.log'), 'utf8').slice(-4000)}`,
      );
    } catch {
      // No log yet.
    }
  };

  try {
    const database = await cloneTestDatabase({
      kind: 'postgres',
      adminUrl: cluster.adminUrl,
      templateName: cluster.templateName,
    });
    cleanups.push(() => database.drop());
    const databaseUrl = database.url as string;

    const temporalServer = await startTemporalServer(
      join(scratch, 'temporal-data'),
      join(scratch, 'temporal.log'),
    );
    cleanups.push(() => temporalServer.stop());
    const taskQueue = `conveyor-fault-${label}-${randomBytes(3).toString('hex')}`;
    const jwtPrivateKey = generateSigningKeyPem();
    const masterKey = randomBytes(32).toString('base64');
    // The processes' CONVEYOR_MASTER_KEY is version 1: the test's client reads what they wrote.
    const temporal = await connectTemporal(
      { address: temporalServer.address, namespace: temporalServer.namespace, taskQueue },
      staticKeyring(Buffer.from(masterKey, 'base64')),
    );
    cleanups.push(() => temporal.close());

    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const baseEnv = () => ({
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: temporalServer.address,
      TEMPORAL_NAMESPACE: temporalServer.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      JWT_PRIVATE_KEY: jwtPrivateKey,
      CONVEYOR_MASTER_KEY: masterKey,
      CONVEYOR_DATA_DIR: join(scratch, 'data'),
      CONVEYOR_BUNDLE_CACHE_DIR: CHECKOUT_BUNDLE_CACHE_DIR,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOGIN_RATE_LIMIT_MAX: '10000',
      // The stand-ins (effects server, slow servers) listen on loopback; Temporal and the database stay protected.
      OUTBOUND_ALLOW: '127.0.0.1',
      REGISTER_RATE_LIMIT_MAX: '10000',
      MAX_RUNNING_EXECUTIONS_PER_ORG: '1000000',
    });
    let api: RunningProcess | undefined;

    const stack: FaultStack = {
      cluster,
      database,
      databaseUrl,
      jwtPrivateKey,
      masterKey,
      temporalServer,
      temporal,
      taskQueue,
      apiUrl,
      api: () => {
        if (!api) throw new Error('the API was not started');
        return api;
      },
      async startApi(options = {}) {
        api = runEntryPoint('src/api/server.ts', {
          ...baseEnv(),
          DATABASE_URL: options.databaseUrl ?? databaseUrl,
          PORT: String(apiPort),
        });
        processes.push(api);
        await api.waitFor(/API listening/, START_TIMEOUT_MS);
        return api;
      },
      async startWorker() {
        const worker = runEntryPoint('src/worker.ts', {
          ...baseEnv(),
          DATABASE_URL: databaseUrl,
          WORKER_METRICS_PORT: String(await freePort()),
        });
        processes.push(worker);
        await worker.waitFor(/worker polling/, START_TIMEOUT_MS);
        return worker;
      },
      workers: () =>
        processes.filter(
          (p) =>
            p.child.spawnargs.at(-1) === 'src/worker.ts' && p.child.exitCode === null && !p.child.signalCode,
        ),
      kill: killTree,
      async http<T>(
        method: string,
        path: string,
        options: {
          token?: string;
          body?: unknown;
          headers?: Record<string, string>;
          timeoutMs?: number;
        } = {},
      ) {
        const headers: Record<string, string> = { ...options.headers };
        if (options.token) headers.authorization = `Bearer ${options.token}`;
        if (options.body !== undefined) headers['content-type'] ??= 'application/json';
        const response = await fetch(`${apiUrl}${path}`, {
          method,
          headers,
          body:
            options.body === undefined
              ? undefined
              : typeof options.body === 'string'
                ? options.body
                : JSON.stringify(options.body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // Not JSON: keep the text.
        }
        return { status: response.status, body: body as T };
      },
      async register(who) {
        const answer = await stack.http<{
          access_token: string;
          user: { id: string };
          organization: { id: string };
        }>('POST', '/api/v1/auth/register', {
          body: {
            email: `${who}-${randomBytes(4).toString('hex')}@example.com`,
            password: 'a long enough passphrase',
            name: `Fault ${who}`,
            organization_name: `Faults ${who}`,
          },
        });
        if (answer.status !== 201)
          throw new Error(`register: ${answer.status} ${JSON.stringify(answer.body)}`);
        return {
          token: answer.body.access_token,
          orgId: answer.body.organization.id,
          userId: answer.body.user.id,
        };
      },
      printOutputs,
      close,
    };
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}

/** A dev server on a database file and fixed ports, so that a restart comes back as the same server. */
async function startTemporalServer(dataDir: string, logFile: string): Promise<TemporalServer> {
  const cliPath = await resolveTemporalCli();
  const config = loadTemporalDevConfig();
  const ports = { frontend: await freePort(), metrics: await freePort(), http: await freePort() };
  const launch = () =>
    startDevServer({ cliPath, config, dataDir, ports, headless: true, logFile, readyTimeoutMs: 120_000 });
  let server: DevServer | undefined = await launch();
  const address = server.address;
  return {
    address,
    namespace: server.namespace,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      if (server) throw new Error('the Temporal dev server is already running');
      server = await launch();
    },
  };
}

function tail(running: RunningProcess): string {
  const output = running.output();
  return output.length > 3000 ? `…${output.slice(-3000)}` : output;
}
