// Once per `npm run test:faults`: a private PostgreSQL cluster (the worker and API run as separate
// processes and must share one database, which PGlite cannot do) and a migrated template database
// that each fault file clones. Each file starts its own Temporal dev server on a database file,
// because some scenarios restart it.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { prepareDatabase } from '../../src/services/setup/prepare-database.js';
import { databaseUrlFor } from '../harness/database.js';
import {
  destroyPostgresCluster,
  findPostgresBin,
  initPostgresCluster,
  type PostgresClusterInfo,
} from './support/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Null when no PostgreSQL server binaries are installed: the fault files then skip. */
    faultsPostgres: (PostgresClusterInfo & { templateName: string }) | null;
  }
}

export default async function setup(project: TestProject) {
  const bin = findPostgresBin();
  if (!bin) {
    console.warn(
      'fault suite: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; every fault scenario is skipped (apt-get install postgresql)',
    );
    project.provide('faultsPostgres', null);
    return;
  }
  const cluster = await initPostgresCluster(bin);
  try {
    const templateName = `faults_tpl_${randomBytes(4).toString('hex')}`;
    const admin = postgres(cluster.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${templateName}`);
    await admin.end();
    const url = databaseUrlFor(cluster.adminUrl, templateName);
    const database = await openDatabase({ url, poolSize: 1 });
    await prepareDatabase(database, url);
    await database.close();
    project.provide('faultsPostgres', { ...cluster, templateName });
  } catch (error) {
    await destroyPostgresCluster(cluster);
    throw error;
  }
  return () => destroyPostgresCluster(cluster);
}
