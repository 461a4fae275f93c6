import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * The caller's address. X-Forwarded-For is believed only behind proxies we were told about, and
 * only its last TRUST_PROXY_HOPS entries: each trusted proxy appends the address it was reached
 * from, while everything to their left is whatever the client chose to send.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  const { TRUST_PROXY, TRUST_PROXY_HOPS } = c.get('deps').config;
  if (TRUST_PROXY) {
    const forwarded = forwardedClient(c.req.header('x-forwarded-for'), TRUST_PROXY_HOPS);
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // app.request() in tests has no socket.
    return null;
  }
}

/** The entry `hops` from the right of an X-Forwarded-For list, if it is an address. */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (!header) return null;
  const entries = header.split(',').map((entry) => entry.trim());
  // Fewer entries than proxies: the nearest one saw no forwarded list, so its own entry is leftmost.
  const entry = entries[Math.max(0, entries.length - hops)] ?? '';
  return isIP(entry) ? entry : null;
}
