import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Secrets } from '../secrets.js';
import type { AuthDeps } from '../services/auth/auth-deps.js';
import type { TemporalHandle } from '../temporal/client.js';

/** Everything the HTTP app needs, passed in so tests build the real app over their own database. */
export interface AppDeps {
  config: Config;
  database: Database;
  secrets: Secrets;
  temporal: TemporalHandle;
  logger: Logger;
  version: string;
  startedAt: Date;
}

export function authDeps(deps: AppDeps): AuthDeps {
  return {
    db: deps.database.db,
    secrets: deps.secrets,
    tokens: {
      issuer: deps.config.JWT_ISSUER,
      audience: deps.config.JWT_AUDIENCE,
      accessTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
    },
    refreshTtlSeconds: deps.config.REFRESH_TOKEN_TTL_SECONDS,
    loginRateLimit: {
      max: deps.config.LOGIN_RATE_LIMIT_MAX,
      windowSeconds: deps.config.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
    },
    registerRateLimit: {
      max: deps.config.REGISTER_RATE_LIMIT_MAX,
      windowSeconds: deps.config.REGISTER_RATE_LIMIT_WINDOW_SECONDS,
    },
  };
}
