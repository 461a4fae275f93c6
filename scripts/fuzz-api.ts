// `bash scripts/schemathesis.sh`: holds the live API to its own OpenAPI description with schemathesis,
// an independent fuzzer. This script stands up the real API (Temporal dev server in memory, a fresh
// database, no worker), registers an owner, runs schemathesis against `/openapi.json` with that
// owner's token, and exits with schemathesis's exit code.
//
// No worker runs on purpose: the API contract is what is fuzzed, and a fuzzed workflow that reached a
// worker could send an http step (or its DNS lookup) beyond loopback. Runs the fuzzer starts stay
// queued on a task queue nobody polls, and are discarded with the in-memory server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { serveApi } from '../src/api/serve.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/lib/logger.js';
import { closedGuard } from '../src/lib/outbound/build-guard.js';
import { buildSecrets, generateSigningKeyPem } from '../src/secrets.js';
import { prepareDatabase } from '../src/services/setup/prepare-database.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { connectTemporal } from '../src/temporal/client.js';
import { loadTemporalDevConfig } from '../src/temporal/dev-config.js';
import { startDevServer } from '../src/temporal/dev-server.js';

interface FuzzOptions {
  schemathesis: string;
  seed: string;
  maxTimeSeconds: string;
  reportDir: string;
}

function parseArgs(argv: string[]): FuzzOptions {
  const value = (name: string, fallback?: string): string => {
    const index = argv.indexOf(`--${name}`);
    const found = index >= 0 ? argv[index + 1] : fallback;
    if (found === undefined) throw new Error(`--${name} is required`);
    return found;
  };
  return {
    schemathesis: value('schemathesis'),
    seed: value('seed', '20261206'),
    maxTimeSeconds: value('max-time', '240'),
    reportDir: value('report-dir', join(tmpdir(), 'conveyor-schemathesis-report')),
  };
}

const options = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'conveyor-fuzz-'));
const logger = createLogger(process.env.FUZZ_LOG_LEVEL ?? 'warn', 'conveyor-fuzz');

const server = await startDevServer({
  cliPath: await resolveTemporalCli(),
  config: loadTemporalDevConfig(),
  ephemeral: true,
  headless: true,
  logFile: join(scratch, 'temporal.log'),
});
const databaseUrl = process.env.DATABASE_URL;
const database = databaseUrl
  ? await openDatabase({ url: databaseUrl, poolSize: 5 })
  : await openDatabase({ dataDir: join(scratch, 'pglite') });
await prepareDatabase(database, databaseUrl);
// A task queue of its own that no worker polls (see the header).
const taskQueue = `conveyor-fuzz-${randomBytes(4).toString('hex')}`;
const config = loadConfig({
  NODE_ENV: 'test',
  TEMPORAL_ADDRESS: server.address,
  TEMPORAL_NAMESPACE: server.namespace,
  TEMPORAL_TASK_QUEUE: taskQueue,
  LOG_LEVEL: 'warn',
  // The fuzzer logs in and registers far more often than a person: it is one client, and its
  // answers must stay about the contract, not the throttle.
  LOGIN_RATE_LIMIT_MAX: '100000',
  REGISTER_RATE_LIMIT_MAX: '100000',
  // No worker answers AI runs here: /ai/* answer 202 with the run's id at once instead of waiting.
  AI_WAIT_SECONDS: '0',
});
const secrets = await buildSecrets(generateSigningKeyPem(), randomBytes(32).toString('base64'));
const temporal = await connectTemporal(
  { address: server.address, namespace: server.namespace, taskQueue },
  secrets.keyring,
);
const app = buildApp({
  config,
  database,
  secrets,
  temporal,
  // Fuzzed connected apps name any issuer: nothing leaves this machine.
  outbound: closedGuard(),
  logger,
  version: 'fuzz',
  startedAt: new Date(),
});
const api = await serveApi(app, '127.0.0.1', 0);

let exitCode = 1;
try {
  const token = await registerOwner(api.url);
  exitCode = await runSchemathesis(api.url, token);
  if (exitCode !== 0) printFailureSummary(options.reportDir);
} finally {
  // A Temporal call still in its retry backoff when the client closes throws from the SDK's timer,
  // outside any promise: at shutdown that says nothing about the API, so it must not decide the exit.
  process.on('uncaughtException', (error) => {
    if (/Channel has been shut down/.test(error.message)) return;
    console.error(error);
    process.exit(1);
  });
  await api.close();
  await temporal.close();
  await database.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);

async function registerOwner(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `fuzz-${randomBytes(4).toString('hex')}@example.com`,
      password: `fuzz-${randomBytes(12).toString('hex')}`,
      name: 'Fuzzer',
      organization_name: 'Fuzzing Ltd',
    }),
  });
  if (response.status !== 201)
    throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/**
 * The checks the issue names: no server error, no status code the description does not list, no
 * response that breaks its schema (or its declared content type). Fixed seed, fixed time budget.
 */
function runSchemathesis(baseUrl: string, token: string): Promise<number> {
  const args = [
    'run',
    `${baseUrl}/openapi.json`,
    '--url',
    baseUrl,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    'not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance',
    '--seed',
    options.seed,
    '--max-time',
    options.maxTimeSeconds,
    // One worker: Hypothesis on Python 3.11 describes strategies by parsing source with `ast`
    // from several threads, which CPython 3.11 can fail at ("AST constructor recursion depth
    // mismatch"), an error in the fuzzer rather than in the API.
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--no-color',
    '--report',
    'junit',
    '--report-dir',
    options.reportDir,
  ];
  process.stdout.write(
    `schemathesis ${args.map((a) => (a.startsWith('Authorization') ? 'Authorization: Bearer …' : a)).join(' ')}\n`,
  );
  return new Promise((resolveRun, reject) => {
    const child = spawn(options.schemathesis, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

/**
 * The failures again, last and short: CI shows the tail of a long log, and schemathesis prints its
 * failures before pages of warnings. One block per operation: its name, the checks, the status.
 */
function printFailureSummary(reportDir: string): void {
  let reports: string[];
  try {
    reports = readdirSync(reportDir)
      .filter((name) => name.endsWith('.xml'))
      .sort();
  } catch {
    return;
  }
  const newest = reports.at(-1);
  if (!newest) return;
  const xml = readFileSync(join(reportDir, newest), 'utf8');
  const failing = xml.matchAll(
    /<testcase name="([^"]*)"[^>]*>\s*<(failure|error)[^>]*message="([^"]*)"[^>]*>([\s\S]*?)<\/\2>/g,
  );
  const lines = ['', '==> schemathesis failures (from its JUnit report)'];
  for (const [, operation, kind, message, body] of failing) {
    const received = /Received: (\d+)/.exec(body ?? '')?.[1];
    const curl = /curl [^\n]*/.exec(body ?? '')?.[0]?.slice(0, 400);
    lines.push(`  ${operation}: ${kind} ${message}${received ? ` (received ${received})` : ''}`);
    if (curl) lines.push(`    ${curl}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
