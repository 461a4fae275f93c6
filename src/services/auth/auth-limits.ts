import { ApiError } from '../../lib/errors.js';
import type { RequestContext } from '../context.js';
import { hitRateLimit, type RateLimitResult } from '../rate-limit/hit-rate-limit.js';

/**
 * Login limits that a stranger cannot turn against the account's owner. Attempts are blocked per
 * email *and* client (one client guessing one account) and per client (one client trying many
 * accounts). Per email alone they are never blocked, since anyone can send that email from
 * anywhere; past the limit each attempt on it is slowed instead, by up to 5 s, so a guessing
 * botnet gains little and the owner still logs in.
 */
export async function enforceLoginLimits(ctx: RequestContext, email: string): Promise<void> {
  const { max, windowSeconds } = ctx.config.auth.loginRateLimit;
  const client = ctx.ip ?? 'unknown';
  const [pair, perClient, perEmail] = await Promise.all([
    hitRateLimit(ctx.db, `login:email-client:${email}:${client}`, { max, windowSeconds }),
    hitRateLimit(ctx.db, `login:client:${client}`, { max: max * 5, windowSeconds }),
    hitRateLimit(ctx.db, `login:email:${email}`, { max, windowSeconds }),
  ]);
  refuseIfOver([pair, perClient], 'Too many login attempts from this client; try again later');
  if (!perEmail.allowed) await sleep(Math.min(MAX_SLOWDOWN_MS, SLOWDOWN_STEP_MS * perEmail.over));
}

/** Registrations per client address (each one makes a new organization). */
export async function enforceRegisterLimit(ctx: RequestContext): Promise<void> {
  const { ip } = ctx;
  if (!ip) return;
  const { max, windowSeconds } = ctx.config.auth.registerRateLimit;
  const result = await hitRateLimit(ctx.db, `register:client:${ip}`, { max, windowSeconds });
  refuseIfOver([result], 'Too many registrations from this client; try again later');
}

const SLOWDOWN_STEP_MS = 250;
const MAX_SLOWDOWN_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function refuseIfOver(results: RateLimitResult[], message: string): void {
  const refused = results.filter((r) => !r.allowed);
  if (refused.length === 0) return;
  const retryAfter = Math.max(...refused.map((r) => r.retryAfterSeconds));
  throw new ApiError('rate_limited', message, {
    details: { retry_after_seconds: retryAfter },
    headers: { 'Retry-After': String(retryAfter) },
  });
}
