import { requirePermission, type ServiceContext } from '../context.js';
import { CODEC_COOKIE_PATH, issueCodecToken } from './session-tokens.js';

/**
 * A signed link, valid for 60 s, that gives the browser opening it the codec session cookie (see
 * openCodecSession): how a signed-in user lets the dev server's Web UI, which has no login, decode
 * their organization's payloads.
 */
export async function startCodecSession(
  ctx: ServiceContext,
  input: { requestOrigin: string },
): Promise<{ url: string; expiresAt: Date }> {
  requirePermission(ctx, 'executions:read');
  const { token, expiresAt } = await issueCodecToken(ctx.secrets, ctx.config.auth.tokens.issuer, 'ticket', {
    userId: ctx.actor.id as string,
    orgId: ctx.orgId,
  });
  const base = (ctx.config.codec.publicUrl ?? input.requestOrigin).replace(/\/+$/, '');
  return { url: `${base}${CODEC_COOKIE_PATH}/session/${token}`, expiresAt };
}
