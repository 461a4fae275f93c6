import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';
import { MIGRATIONS_FOLDER } from './migrate.js';

/** drizzle's own bookkeeping table, read to learn how many migrations were applied. */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id'),
  hash: text('hash'),
});

/**
 * Processes that do not migrate (the API and worker in production) refuse to start on a schema
 * older than their code, with a message that says what to run.
 */
export async function assertMigrated(database: Database): Promise<void> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const [row] = await database.db.select({ n: count() }).from(appliedMigrations);
    applied = row?.n ?? 0;
  } catch {
    // No bookkeeping table: nothing was ever applied.
  }
  if (applied < journal.entries.length) {
    throw new Error(
      `Database schema is behind (${applied} of ${journal.entries.length} migrations applied): run \`npm run db:migrate\``,
    );
  }
}
