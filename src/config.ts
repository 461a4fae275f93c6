import { z } from 'zod';
import { parseAllowList } from './lib/outbound/policy.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z.string().trim().min(1).optional();

/** PEM values often arrive through env files with literal "\n" sequences. */
const pem = z
  .string()
  .transform((v) => v.replace(/\\n/g, '\n').trim())
  .refine((v) => /^-----BEGIN [A-Z ]+-----\n[\s\S]+\n-----END [A-Z ]+-----$/.test(v), 'expected a PEM block');

const masterKey = z
  .string()
  .trim()
  .refine(
    (v) => Buffer.from(v, 'base64').length === 32,
    'expected 32 bytes, base64-encoded (openssl rand -base64 32)',
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url().optional(),
    CONVEYOR_DATA_DIR: z.string().min(1).default('./data'),
    /** Built workflow bundles, reused by later worker starts; `<CONVEYOR_DATA_DIR>/bundles` when unset. */
    CONVEYOR_BUNDLE_CACHE_DIR: optionalText,
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: positiveInt.default(10),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'expected host:port')
      .optional(),
    TEMPORAL_NAMESPACE: optionalText,
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('conveyor'),
    TEMPORAL_TLS: bool.default(false),
    TEMPORAL_TLS_CERT_PATH: optionalText,
    TEMPORAL_TLS_KEY_PATH: optionalText,
    TEMPORAL_TLS_CA_PATH: optionalText,
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    TEMPORAL_API_KEY: optionalText,
    /**
     * Origins of the Temporal Web UI whose pages may call the codec endpoints from a browser
     * (comma-separated, e.g. `http://127.0.0.1:8233`); temporal-dev.yml's UI when unset.
     */
    TEMPORAL_UI_ORIGINS: z
      .string()
      .trim()
      .min(1)
      .refine(
        (v) => v.split(',').every((entry) => /^https?:\/\/[^/\s]+$/.test(entry.trim())),
        'expected comma-separated origins such as http://127.0.0.1:8233',
      )
      .optional(),
    JWT_PRIVATE_KEY: pem.optional(),
    JWT_ISSUER: z.string().min(1).default('conveyor'),
    JWT_AUDIENCE: z.string().min(1).default('conveyor-api'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(30 * 86_400),
    CONVEYOR_MASTER_KEY: masterKey.optional(),
    /**
     * Master key versions 2 and up, `2:<base64>,3:<base64>`: the newest wraps new credentials and
     * Temporal payloads; older ones stay readable. See `npm run keys:rotate` in the README.
     */
    CONVEYOR_MASTER_KEYS: z
      .string()
      .trim()
      .refine(
        (v) =>
          v.split(',').every((entry) => {
            const match = /^(\d+):(.+)$/.exec(entry.trim());
            return (
              match !== null && Number(match[1]) >= 2 && Buffer.from(match[2] ?? '', 'base64').length === 32
            );
          }),
        'expected <version>:<base64 32-byte key>, comma-separated, versions 2 and up',
      )
      .optional(),
    WORKER_METRICS_PORT: port.default(9464),
    /** Loopback unless an operator's Prometheus scrapes from elsewhere. */
    WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Hosts and CIDRs outbound requests may reach beyond the public internet (lib/outbound/policy.ts). */
    OUTBOUND_ALLOW: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
    LOGIN_RATE_LIMIT_MAX: positiveInt.default(10),
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(900),
    /** Runs one organization may have running at once; more are refused with 429 until some end. */
    MAX_RUNNING_EXECUTIONS_PER_ORG: positiveInt.default(200),
    MAX_SCHEDULES_PER_ORG: positiveInt.default(100),
    /** The shortest period a schedule may fire at; the tests lower it to see runs quickly. */
    SCHEDULE_MIN_INTERVAL_SECONDS: positiveInt.default(60),
    /** The shortest period of an integration's health checks; the tests lower it to see checks fire. */
    INTEGRATION_MIN_INTERVAL_SECONDS: positiveInt.default(60),
    REGISTER_RATE_LIMIT_MAX: positiveInt.default(20),
    REGISTER_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(3600),
    TRUST_PROXY: bool.default(false),
    /** Proxies in front of the API that append to X-Forwarded-For; the client is that many from the right. */
    TRUST_PROXY_HOPS: positiveInt.default(1),
    /** Outbound webhooks: the first retry of a failed delivery waits this long, doubling after. */
    WEBHOOK_RETRY_INITIAL_SECONDS: positiveInt.max(3600).default(5),
    /** The longest wait between two attempts at one delivery. */
    WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: positiveInt.max(86_400).default(3600),
    /** Attempts at one delivery before it is marked failed (12: about 7 hours with the defaults). */
    WEBHOOK_MAX_ATTEMPTS: positiveInt.max(100).default(12),
    /** How long one attempt waits for the receiver's answer. */
    WEBHOOK_TIMEOUT_SECONDS: positiveInt.max(120).default(15),
    /** A delivery still pending after this long is started again by the sweeper (in case its start was lost). */
    WEBHOOK_SWEEP_AFTER_SECONDS: positiveInt.max(86_400).default(60),
    /** Lets subscriptions use http:// URLs (the guard still decides the address); https only when off. */
    WEBHOOK_ALLOW_HTTP: bool.default(false),
    /** A robot whose last heartbeat is older than this is shown offline. */
    ROBOT_OFFLINE_AFTER_SECONDS: positiveInt.default(60),
    /**
     * An operator's own OAuth provider presets (YAML, the shape of config/oauth-providers.yml),
     * merged over the shipped catalogue: a key of both takes this file's entry.
     */
    OAUTH_PROVIDERS_FILE: optionalText,
    /**
     * Lets connected apps use http:// provider endpoints. Off: OAuth sends secrets and tokens, so
     * providers speak https; the test suite's stand-in provider listens on plain http on loopback.
     */
    OAUTH_ALLOW_HTTP: bool.default(false),
    /** A connected app's token is refreshed this long before it expires. */
    OAUTH_REFRESH_MARGIN_SECONDS: positiveInt.default(300),
    /**
     * The deployment's Anthropic API key. Only workers read it (the API never holds a key); an
     * organization's own key, a credential named `anthropic`, takes precedence over it.
     */
    ANTHROPIC_API_KEY: optionalText,
    /** Where the workers reach the Messages API; Anthropic's own when unset (the tests' stand-in otherwise). */
    ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The model table (YAML, the shape of config/ai-models.yml): the allow-list and its prices. */
    AI_MODELS_FILE: optionalText,
    /** The model used when a call names none; one of the model table's. */
    AI_DEFAULT_MODEL: optionalText,
    /** Tokens (input, output and cache) one organization may use per calendar month (UTC). */
    AI_MONTHLY_TOKEN_BUDGET: positiveInt.default(10_000_000),
    /** How long one request to the Messages API may take before it is abandoned and retried. */
    AI_CALL_TIMEOUT_SECONDS: positiveInt.max(3600).default(120),
    /**
     * How long an /ai/* request waits for its run's answer; past it the answer is 202 with the run's
     * id, and GET /ai/runs/{id} gives the outcome when it is there. 0 answers 202 at once.
     */
    AI_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(180),
    /** Attempts at a call that failed for a retryable reason (429, 529, 5xx, network). */
    AI_MAX_ATTEMPTS: positiveInt.max(20).default(4),
    /** Earlier turns of a conversation sent with the next one, newest first, up to this many tokens. */
    AI_CONVERSATION_TOKEN_BUDGET: positiveInt.default(20_000),
    /** Attempts at delivering one notification (2 s doubling to 10 min between them: about 3 h at 20). */
    NOTIFICATION_MAX_ATTEMPTS: positiveInt.max(100).default(20),
    /** How long /ai/status reuses its last check of the Messages API. */
    AI_STATUS_CACHE_SECONDS: positiveInt.max(3600).default(60),
  })
  .superRefine((env, ctx) => {
    try {
      parseAllowList(env.OUTBOUND_ALLOW);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['OUTBOUND_ALLOW'], message: (error as Error).message });
    }
    if (env.NODE_ENV === 'production') {
      // Outside production the launcher generates these under the data directory; in production
      // several processes must share them, so they come from the environment.
      for (const key of ['JWT_PRIVATE_KEY', 'CONVEYOR_MASTER_KEY'] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'required when NODE_ENV=production' });
      }
    }
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together',
      });
    }
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is reported with the variable it belongs to. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

/** Entry points call this: a bad setting stops the process with a message that names it. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
