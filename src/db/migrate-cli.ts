// `npm run db:migrate`: applies migrations and syncs the permission catalogue, then exits.
import { loadConfigOrExit } from '../config.js';
import { prepareDatabase } from '../services/setup/prepare-database.js';
import { openAppDatabase } from './open-app-database.js';

const config = loadConfigOrExit();
const database = await openAppDatabase(config);
try {
  await prepareDatabase(database, config.DATABASE_URL);
  console.log(`Migrations applied (${database.driver}).`);
} finally {
  await database.close();
}
