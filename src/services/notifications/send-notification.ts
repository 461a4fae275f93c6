import { ApiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { NotificationChannelName, NotificationOutcome } from '../../workflows/notification-messages.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findChannel } from './channel-store.js';
import { queueNotification } from './queue-notification.js';

export interface SendRequest {
  channel: NotificationChannelName;
  recipients?: string[] | undefined;
  subject: string;
  body: string;
  /** How long to wait for the delivery's outcome; 0 answers at once. */
  waitSeconds: number;
}

export interface SendAnswer {
  notification_id: string;
  channel: NotificationChannelName;
  status: 'pending' | 'sent' | 'failed';
  sent_at: string | null;
  error: string | null;
}

/**
 * /notifications/send (and /test): a notification through a configured, enabled channel,
 * delivered by its Temporal workflow; the answer waits up to `waitSeconds` for its outcome.
 */
export async function sendNotification(
  ctx: ServiceContext,
  request: SendRequest,
  source: 'api' | 'test' = 'api',
): Promise<SendAnswer> {
  requirePermission(ctx, 'notifications:send');
  const channel = await findChannel(ctx, request.channel);
  if (!channel) {
    throw new ApiError('channel_not_configured', `The ${request.channel} channel is not configured`);
  }
  if (!channel.enabled)
    throw new ApiError('channel_not_configured', `The ${request.channel} channel is disabled`);
  if (request.channel === 'email') {
    const defaults = (channel.settings.default_recipients as string[] | undefined) ?? [];
    if ((request.recipients ?? []).length === 0 && defaults.length === 0) {
      throw new ApiError('validation_failed', 'Name the recipients: the email channel has no default ones', {
        details: { errors: [{ path: 'body.recipients', code: 'required', message: 'at least one address' }] },
      });
    }
  }
  const id = newId('ntf');
  await recordAudit(ctx.db, ctx, {
    action: 'notification.send',
    resourceType: 'notification',
    resourceId: id,
    details: { channel: request.channel, source, recipients: (request.recipients ?? []).length },
  });
  const handle = await queueNotification(ctx, {
    id,
    orgId: ctx.orgId,
    channel: request.channel,
    recipients: request.recipients ?? [],
    subject: request.subject,
    body: request.body,
    source,
    data: {},
  });
  const outcome = await waitFor(ctx, handle, request.waitSeconds);
  if (outcome) return { ...outcome, channel: request.channel };
  return { notification_id: id, channel: request.channel, status: 'pending', sent_at: null, error: null };
}

/** The delivery's outcome within the wait, else undefined (the long poll is abandoned with it). */
async function waitFor(
  ctx: ServiceContext,
  handle: { result(): Promise<unknown> },
  seconds: number,
): Promise<NotificationOutcome | undefined> {
  if (seconds <= 0) return undefined;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), seconds * 1000);
  try {
    return (await ctx.temporal.client.withAbortSignal(abort.signal, () =>
      handle.result(),
    )) as NotificationOutcome;
  } catch (error) {
    if (abort.signal.aborted) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
