// Once per `npm test`: one Temporal dev server, one prebundled workflow bundle and one migrated
// database template that every test file clones. Their locations reach the files via `provide`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { prepareDatabase } from '../src/services/setup/prepare-database.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { loadTemporalDevConfig } from '../src/temporal/dev-config.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { CHECKOUT_BUNDLE_CACHE_DIR, loadWorkflowBundle } from '../src/temporal/workflow-bundle-cache.js';
import { databaseUrlFor, type TestDatabaseTemplate } from './harness/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    /** The dev server's other ports (HTTP API, UI, metrics): protected from steps. */
    temporalPorts: { http: number; ui: number; metrics: number };
    workflowBundlePath: string;
    databaseTemplate: TestDatabaseTemplate;
  }
}

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(join(tmpdir(), 'conveyor-test-'));
  const devConfig = loadTemporalDevConfig();
  const [server, bundle, template] = await Promise.all([
    resolveTemporalCli().then((cliPath) =>
      startDevServer({
        cliPath,
        config: devConfig,
        ephemeral: true,
        headless: true,
        logFile: join(scratch, 'temporal.log'),
      }),
    ),
    loadWorkflowBundle({ cacheDir: CHECKOUT_BUNDLE_CACHE_DIR, logger: bundleLogger }),
    prepareTemplate(scratch),
  ]);
  // A copy of its own: the shared cache may prune the file while this run's tests still start workers.
  const workflowBundlePath = join(scratch, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('temporalPorts', server.ports);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('databaseTemplate', template);

  return async () => {
    await server.stop();
    if (template.kind === 'postgres') await dropDatabase(template.adminUrl, template.templateName);
    rmSync(scratch, { recursive: true, force: true });
  };
}

/**
 * With DATABASE_URL the suite runs on that PostgreSQL server: a template database is migrated
 * once and each test file gets `CREATE DATABASE … TEMPLATE` (fast, fully isolated). Without it,
 * a migrated PGlite data directory is dumped once and each file loads it into memory.
 */
async function prepareTemplate(scratch: string): Promise<TestDatabaseTemplate> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const templateName = `conveyor_tpl_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${templateName}`);
    await admin.end();
    const url = databaseUrlFor(adminUrl, templateName);
    const database = await openDatabase({ url, poolSize: 1 });
    await prepareDatabase(database, url);
    await database.close();
    return { kind: 'postgres', adminUrl, templateName };
  }
  const database = await openDatabase({});
  await prepareDatabase(database);
  const dump = await database.pglite?.dumpDataDir('none');
  await database.close();
  if (!dump) throw new Error('PGlite dump failed');
  const dumpPath = join(scratch, 'pglite-template.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  return { kind: 'pglite', dumpPath };
}

async function dropDatabase(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** One line per run: whether the bundle came from the cache or was built, and how long it took. */
const bundleLogger = {
  debug() {},
  info: (fields: object, message: string) => console.log(`${message} ${JSON.stringify(fields)}`),
  warn: (fields: object, message: string) => console.warn(`${message} ${JSON.stringify(fields)}`),
  error: (fields: object, message: string) => console.error(`${message} ${JSON.stringify(fields)}`),
};
