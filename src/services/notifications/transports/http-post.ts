import { sendOutbound } from '../../../lib/outbound/client.js';
import { OutboundError } from '../../../lib/outbound/errors.js';
import type { OutboundGuard } from '../../../lib/outbound/guard.js';
import { DeliveryError } from './message.js';

/** Statuses a receiver may answer differently later. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** One JSON POST through the guard; anything but 2xx is a DeliveryError, retryable when it may pass. */
export async function postJson(
  guard: OutboundGuard,
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<void> {
  let status: number;
  try {
    const response = await sendOutbound(guard, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      body,
      maxResponseBytes: 64 * 1024,
      signal: AbortSignal.timeout(15_000),
    });
    status = response.status;
  } catch (error) {
    if (error instanceof OutboundError) throw new DeliveryError(error.message, error.retryable);
    throw new DeliveryError('The receiver did not answer in time', true);
  }
  if (status < 200 || status >= 300) {
    throw new DeliveryError(`The receiver answered ${status}`, RETRYABLE.has(status) || status >= 500);
  }
}
