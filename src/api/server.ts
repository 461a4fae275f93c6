// `npm run api`: the HTTP API alone, configured by the environment.
import { loadConfigOrExit } from '../config.js';
import { assertMigrated } from '../db/assert-migrated.js';
import { openAppDatabase } from '../db/open-app-database.js';
import { createLogger } from '../lib/logger.js';
import { onShutdownSignal } from '../lib/shutdown.js';
import { processOutboundGuard } from '../outbound-guard.js';
import { loadSecrets } from '../secrets.js';
import { prepareDatabase } from '../services/setup/prepare-database.js';
import { connectTemporal } from '../temporal/client.js';
import { temporalSettings } from '../temporal/connection-options.js';
import { loadTemporalDevConfig } from '../temporal/dev-config.js';
import { VERSION } from '../version.js';
import { buildApp } from './app.js';
import { serveApi } from './serve.js';
import { createEventSocket } from './ws/event-socket.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'conveyor-api');
const secrets = await loadSecrets(config);
const database = await openAppDatabase(config);
// The embedded database has exactly one user, this process, so it keeps its own schema current;
// a shared PostgreSQL is migrated by `npm run db:migrate` before new code starts.
if (database.driver === 'pglite') await prepareDatabase(database);
else await assertMigrated(database);
const devConfig = loadTemporalDevConfig();
const settings = temporalSettings(config, devConfig);
const temporal = await connectTemporal(settings, secrets.keyring);
// The API's own outbound requests (OAuth providers of connected apps) pass the workers' guard.
const outbound = processOutboundGuard(config, { settings, dev: devConfig });
const deps = {
  config,
  database,
  secrets,
  temporal,
  outbound,
  logger,
  version: VERSION,
  startedAt: new Date(),
};
const app = buildApp(deps);
const events = await createEventSocket(deps, { databaseUrl: config.DATABASE_URL });
const api = await serveApi(app, config.HOST, config.PORT, { onUpgrade: events.handleUpgrade });
logger.info({ url: api.url }, 'API listening');

onShutdownSignal(logger, async () => {
  // Sockets first: open WebSockets would otherwise hold the HTTP server's close open.
  await events.close();
  await api.close();
  await temporal.close();
  await database.close();
});
