import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Principal } from '../services/auth/load-principal.js';
import type { Platform } from '../services/context.js';
import type { AppDeps } from './deps.js';

/** Typed `c.var` for every handler and middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The client's own X-Request-Id, when it had a safe format; never used as ours. */
    clientRequestId: string | null;
    logger: Logger;
    deps: AppDeps;
    /** What services share (services/context.ts); handlers reach it only through api/context.ts. */
    platform: Platform;
    /** Set by the auth middleware on every non-public route. */
    principal?: Principal;
  };
}

export type App = OpenAPIHono<AppEnv>;
