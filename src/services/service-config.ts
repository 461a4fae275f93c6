import type { Config } from '../config.js';
import { loadTemporalDevConfig } from '../temporal/dev-config.js';
import { loadModelTable, type ModelTable } from './ai/model-table.js';
import type { TokenSettings } from './auth/access-tokens.js';
import { type TenantLimits, tenantLimits } from './tenant-limits.js';

/**
 * The part of the configuration services read, under names that say what it means to them. Built
 * once per process from the environment's `Config`, so a service never parses or defaults a
 * setting itself and tests set the same values through the same variables.
 */
export interface ServiceConfig {
  /** What one organization may use of what all share. */
  limits: TenantLimits;
  /** A robot without a heartbeat for this long is shown offline. */
  robotOfflineAfterSeconds: number;
  auth: {
    tokens: TokenSettings;
    refreshTtlSeconds: number;
    loginRateLimit: { max: number; windowSeconds: number };
    registerRateLimit: { max: number; windowSeconds: number };
  };
  connectedApps: {
    /** Where the provider redirects the browser back to: PUBLIC_URL, or the request's origin. */
    publicUrl: string | undefined;
    /** The operator's provider file, merged over the shipped catalogue. */
    providersFile: string | undefined;
    allowHttp: boolean;
    refreshMarginSeconds: number;
  };
  ai: AiSettings;
  notifications: { maxAttempts: number };
  webhooks: WebhookSettings;
  codec: {
    /** Browser origins allowed to call the codec endpoints: the Temporal Web UI's. */
    uiOrigins: string[];
    /** Where links the API hands out point; the request's own origin when unset. */
    publicUrl: string | undefined;
  };
}

/** How outbound webhook deliveries are retried and bounded (docs/webhooks.md). */
export interface WebhookSettings {
  retryInitialSeconds: number;
  retryMaxIntervalSeconds: number;
  maxAttempts: number;
  timeoutSeconds: number;
  sweepAfterSeconds: number;
  allowHttp: boolean;
}

/** What the AI services read (the key is not here: only workers hold it, see `AiProvider`). */
export interface AiSettings {
  models: ModelTable;
  monthlyTokenBudget: number;
  callTimeoutSeconds: number;
  waitSeconds: number;
  maxAttempts: number;
  conversationTokenBudget: number;
  statusCacheSeconds: number;
}

export function serviceConfig(config: Config): ServiceConfig {
  return {
    limits: tenantLimits(config),
    robotOfflineAfterSeconds: config.ROBOT_OFFLINE_AFTER_SECONDS,
    auth: {
      tokens: {
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      },
      refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      loginRateLimit: {
        max: config.LOGIN_RATE_LIMIT_MAX,
        windowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
      },
      registerRateLimit: {
        max: config.REGISTER_RATE_LIMIT_MAX,
        windowSeconds: config.REGISTER_RATE_LIMIT_WINDOW_SECONDS,
      },
    },
    connectedApps: {
      publicUrl: config.PUBLIC_URL,
      providersFile: config.OAUTH_PROVIDERS_FILE,
      allowHttp: config.OAUTH_ALLOW_HTTP,
      refreshMarginSeconds: config.OAUTH_REFRESH_MARGIN_SECONDS,
    },
    ai: {
      models: loadModelTable(config.AI_MODELS_FILE, config.AI_DEFAULT_MODEL),
      monthlyTokenBudget: config.AI_MONTHLY_TOKEN_BUDGET,
      callTimeoutSeconds: config.AI_CALL_TIMEOUT_SECONDS,
      waitSeconds: config.AI_WAIT_SECONDS,
      maxAttempts: config.AI_MAX_ATTEMPTS,
      conversationTokenBudget: config.AI_CONVERSATION_TOKEN_BUDGET,
      statusCacheSeconds: config.AI_STATUS_CACHE_SECONDS,
    },
    notifications: { maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS },
    webhooks: {
      retryInitialSeconds: config.WEBHOOK_RETRY_INITIAL_SECONDS,
      retryMaxIntervalSeconds: config.WEBHOOK_RETRY_MAX_INTERVAL_SECONDS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      timeoutSeconds: config.WEBHOOK_TIMEOUT_SECONDS,
      sweepAfterSeconds: config.WEBHOOK_SWEEP_AFTER_SECONDS,
      allowHttp: config.WEBHOOK_ALLOW_HTTP,
    },
    codec: {
      uiOrigins: config.TEMPORAL_UI_ORIGINS
        ? config.TEMPORAL_UI_ORIGINS.split(',').map((origin) => origin.trim())
        : devServerUiOrigins(),
      publicUrl: config.PUBLIC_URL,
    },
  };
}

/** The dev server's Web UI (temporal-dev.yml), by its IP and by `localhost`: browsers treat them apart. */
function devServerUiOrigins(): string[] {
  const dev = loadTemporalDevConfig();
  return [...new Set([`http://${dev.ip}:${dev.ports.ui}`, `http://localhost:${dev.ports.ui}`])];
}
