import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { type Database, openDatabase } from './client.js';

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite under the data directory. */
export function openAppDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL)
    return openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  const dataDir = resolve(config.CONVEYOR_DATA_DIR, 'pglite');
  mkdirSync(join(dataDir, '..'), { recursive: true });
  return openDatabase({ dataDir });
}
