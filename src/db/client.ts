import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** Both drivers produce this; a transaction handle is one too, so services accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs raw SQL; used by health checks and migrations. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The embedded engine, when it is one (the test harness dumps a migrated template from it). */
  pglite?: PGlite;
  /** The server's URL, when it is PostgreSQL: listening for events needs a connection of its own. */
  url?: string;
}

export type DatabaseOptions =
  | { url: string; poolSize?: number }
  /** `dataDir` undefined → in memory; `loadDataDir` restores a dump (tests clone a migrated template). */
  | { url?: undefined; dataDir?: string; loadDataDir?: Blob | File };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url !== undefined) {
    const sql = postgres(options.url, { max: options.poolSize ?? 10, onnotice: () => {} });
    return {
      db: drizzlePostgres(sql, { schema }) as unknown as Db,
      driver: 'postgres',
      url: options.url,
      ping: async () => {
        await sql`select 1`;
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    driver: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
    pglite: client,
  };
}
