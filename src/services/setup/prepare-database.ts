import type { Database } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { syncPermissionCatalogue } from '../access/sync-catalogue.js';

/** Migrations, then the permission catalogue and built-in roles brought in line with the code. */
export async function prepareDatabase(database: Database, url?: string): Promise<void> {
  await migrateDatabase(database, url);
  await syncPermissionCatalogue(database.db);
}
