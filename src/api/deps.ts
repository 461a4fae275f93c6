import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { OutboundGuard } from '../lib/outbound/guard.js';
import type { Secrets } from '../secrets.js';
import { type Platform, systemClock } from '../services/context.js';
import { liveEventHub } from '../services/events/hub.js';
import { serviceConfig } from '../services/service-config.js';
import type { TemporalHandle } from '../temporal/client.js';

/** Everything the HTTP app needs, passed in so tests build the real app over their own database. */
export interface AppDeps {
  config: Config;
  database: Database;
  secrets: Secrets;
  temporal: TemporalHandle;
  /** For the requests services make to user-given addresses (OAuth providers of connected apps). */
  outbound: OutboundGuard;
  logger: Logger;
  version: string;
  startedAt: Date;
}

/** What the app's services share, built once when the app is (see services/context.ts). */
export function platformOf(deps: AppDeps): Platform {
  return {
    db: deps.database.db,
    temporal: deps.temporal,
    secrets: deps.secrets,
    config: serviceConfig(deps.config),
    logger: deps.logger,
    clock: systemClock,
    outbound: deps.outbound,
    events: liveEventHub(deps.database, deps.config.DATABASE_URL),
  };
}
