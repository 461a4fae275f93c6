import { unauthorized } from '../../lib/errors.js';
import { loadPrincipal } from '../auth/load-principal.js';
import type { RequestContext } from '../context.js';
import { issueCodecToken, verifyCodecToken } from './session-tokens.js';

/**
 * Trades a session link's ticket for the codec session token (the cookie's value, ~8 h) and says
 * which Web UI to send the browser to: the allowed one on the link's own host name when there is
 * one, since the cookie is SameSite=Lax and reaches only pages of the same site.
 */
export async function openCodecSession(
  ctx: RequestContext,
  input: { ticket: string; hostname: string },
): Promise<{ token: string; expiresAt: Date; redirectTo: string }> {
  const issuer = ctx.config.auth.tokens.issuer;
  const claims = await verifyCodecToken(ctx.secrets, issuer, 'ticket', input.ticket);
  if (!claims) throw unauthorized('The codec session link is invalid or has expired');
  const principal = await loadPrincipal(ctx.db, claims);
  if (!principal) throw unauthorized('Account is disabled or no longer exists');
  const { token, expiresAt } = await issueCodecToken(ctx.secrets, issuer, 'session', claims);
  const origins = ctx.config.codec.uiOrigins;
  const sameHost = origins.find((origin) => new URL(origin).hostname === input.hostname);
  const ui = sameHost ?? origins[0] ?? '/';
  return {
    token,
    expiresAt,
    redirectTo: `${ui}/namespaces/${encodeURIComponent(ctx.temporal.namespace)}/workflows`,
  };
}
