import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { assertMigrated } from '../src/db/assert-migrated.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { MIGRATIONS_FOLDER } from '../src/db/migrate.js';
import { ALL_PERMISSIONS } from '../src/services/access/catalogue.js';
import { prepareDatabase } from '../src/services/setup/prepare-database.js';
import { databaseUrlFor } from './harness/database.js';

const TABLES = [
  'organizations',
  'users',
  'roles',
  'permissions',
  'role_permissions',
  'user_roles',
  'refresh_sessions',
  'audit_logs',
];

async function tablesOf(database: Database): Promise<string[]> {
  const result = await database.db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public'`,
  );
  const rows = Array.isArray(result)
    ? result
    : (result as unknown as { rows: { table_name: string }[] }).rows;
  return rows.map((r) => r.table_name);
}

async function permissionCount(database: Database): Promise<number> {
  const { permissions } = await import('../src/db/schema/index.js');
  return (await database.db.select().from(permissions)).length;
}

describe('migrations from zero', () => {
  it('apply on a fresh PGlite, twice without harm', async () => {
    const database = await openDatabase({});
    try {
      await expect(assertMigrated(database)).rejects.toThrow(/npm run db:migrate/);
      await prepareDatabase(database);
      await prepareDatabase(database);
      expect(await tablesOf(database)).toEqual(expect.arrayContaining(TABLES));
      expect(await permissionCount(database)).toBe(ALL_PERMISSIONS.length);
      await assertMigrated(database);
    } finally {
      await database.close();
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'apply on a fresh PostgreSQL database, concurrently from two processes',
    async () => {
      const adminUrl = process.env.DATABASE_URL as string;
      const name = `conveyor_mig_${randomBytes(4).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = databaseUrlFor(adminUrl, name);
      const [a, b] = await Promise.all([openDatabase({ url }), openDatabase({ url })]);
      try {
        await Promise.all([prepareDatabase(a, url), prepareDatabase(b, url)]);
        expect(await tablesOf(a)).toEqual(expect.arrayContaining(TABLES));
        expect(await permissionCount(a)).toBe(ALL_PERMISSIONS.length);
        await assertMigrated(b);
      } finally {
        await a.close();
        await b.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );

  it('keeps the committed migrations in step with the schema (drizzle-kit generate has nothing to add)', () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const entry of journal.entries) {
      expect(readFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8').length).toBeGreaterThan(0);
    }
  });
});
