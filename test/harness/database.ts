import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../src/db/client.js';

export type TestDatabaseTemplate =
  | { kind: 'pglite'; dumpPath: string }
  | { kind: 'postgres'; adminUrl: string; templateName: string };

export interface TestDatabase {
  database: Database;
  /** Set on PostgreSQL: the URL of this file's own database. */
  url?: string;
  drop(): Promise<void>;
}

export function databaseUrlFor(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database for one test file, cloned from the template global setup made. */
export async function cloneTestDatabase(template: TestDatabaseTemplate): Promise<TestDatabase> {
  if (template.kind === 'pglite') {
    const dump = new Blob([readFileSync(template.dumpPath)]);
    const database = await openDatabase({ loadDataDir: dump });
    return { database, drop: () => database.close() };
  }
  const name = `conveyor_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await withRetry(() => admin.unsafe(`create database ${name} template ${template.templateName}`));
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(template.adminUrl, name);
  const database = await openDatabase({ url, poolSize: 5 });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const cleanup = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Two files cloning the template at the same moment can briefly see "being accessed by other users". */
async function withRetry<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
