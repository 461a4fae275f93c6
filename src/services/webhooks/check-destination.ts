import { ApiError, validationFailed } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { ServiceContext } from '../context.js';

/**
 * Refuses a subscription URL Conveyor may not reach, by the same guard decision deliveries face
 * (private, loopback, link-local, protected addresses: 400 destination_not_allowed with the rule).
 * http is accepted only where WEBHOOK_ALLOW_HTTP says so: a signed body is still readable on the way.
 */
export async function checkWebhookDestination(ctx: ServiceContext, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationFailed('webhook', [{ path: 'body.url', code: 'invalid_url', message: 'not a URL' }]);
  }
  if (parsed.username || parsed.password) {
    throw validationFailed('webhook', [
      { path: 'body.url', code: 'credentials_in_url', message: 'the URL may not carry a user or password' },
    ]);
  }
  if (parsed.protocol === 'http:' && !ctx.config.webhooks.allowHttp) {
    throw validationFailed('webhook', [
      { path: 'body.url', code: 'https_required', message: 'the URL must be https' },
    ]);
  }
  try {
    await ctx.outbound.check(parsed);
  } catch (error) {
    if (error instanceof OutboundError && error.code !== 'NETWORK_ERROR') {
      throw new ApiError(
        'destination_not_allowed',
        `The URL is not an address Conveyor may reach: ${error.message}`,
        {
          details: { rule: error.rule ?? error.code.toLowerCase() },
        },
      );
    }
    // A name that does not resolve now may resolve later: deliveries retry, the subscription stands.
  }
}
