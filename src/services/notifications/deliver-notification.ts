import { eq, sql } from 'drizzle-orm';
import { notificationChannels, notifications } from '../../db/schema/index.js';
import { inOrg, updateInOrg } from '../../db/tenant.js';
import type { ServiceContext } from '../context.js';
import type { EmailSettings } from './channel-settings.js';
import { findChannel, openChannelSecrets } from './channel-store.js';
import { sendChat } from './transports/chat.js';
import { sendEmail } from './transports/email.js';
import { DeliveryError, type OutgoingNotification } from './transports/message.js';
import { sendWebhook } from './transports/webhook.js';

export type DeliveryOutcome =
  | { status: 'sent'; sent_at: string }
  | { status: 'already_sent'; sent_at: string };

/**
 * One attempt at a notification, inside the worker: a notification sent already is not sent
 * again (its row says so), the channel's secrets are opened here only, and every attempt is
 * recorded on the notification and its channel. Throws a DeliveryError saying whether a retry
 * can help.
 */
export async function deliverNotification(
  ctx: ServiceContext,
  notificationId: string,
): Promise<DeliveryOutcome> {
  const [row] = await ctx.db
    .select()
    .from(notifications)
    .where(inOrg(notifications, ctx.orgId, eq(notifications.id, notificationId)));
  if (!row) throw new DeliveryError(`Notification ${notificationId} not found`, false);
  if (row.status === 'sent' && row.sentAt)
    return { status: 'already_sent', sent_at: row.sentAt.toISOString() };
  const channel = await findChannel(ctx, row.channel);
  if (!channel) throw new DeliveryError(`The ${row.channel} channel is not configured`, false);
  if (!channel.enabled) throw new DeliveryError(`The ${row.channel} channel is disabled`, false);
  const message: OutgoingNotification = {
    id: row.id,
    recipients: row.recipients,
    subject: row.subject,
    body: row.body,
    source: row.source,
    data: row.data,
    createdAt: row.createdAt,
  };
  try {
    const secrets = await openChannelSecrets(ctx, channel);
    if (channel.kind === 'email') {
      await sendEmail(
        ctx.outbound,
        channel.settings as EmailSettings,
        secrets.kind === 'email' ? secrets.password : undefined,
        message,
      );
    } else if (channel.kind === 'chat') {
      if (secrets.kind !== 'chat') throw new DeliveryError('The chat channel has no webhook URL', false);
      await sendChat(ctx.outbound, secrets.webhook_url, message);
    } else {
      if (secrets.kind !== 'webhook')
        throw new DeliveryError('The webhook channel has no signing secret', false);
      await sendWebhook(
        ctx.outbound,
        String(channel.settings.url),
        secrets.signing_secret,
        message,
        ctx.clock(),
      );
    }
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError('The delivery failed', true);
    await recordAttempt(ctx, row.id, channel.id, { ok: false, error: failure.message });
    throw failure;
  }
  const at = await recordAttempt(ctx, row.id, channel.id, { ok: true });
  return { status: 'sent', sent_at: at.toISOString() };
}

async function recordAttempt(
  ctx: ServiceContext,
  notificationId: string,
  channelId: string,
  outcome: { ok: true } | { ok: false; error: string },
): Promise<Date> {
  const at = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await updateInOrg(tx, notifications, ctx.orgId, eq(notifications.id, notificationId), {
      attempts: sql`${notifications.attempts} + 1`,
      ...(outcome.ok
        ? { status: 'sent' as const, sentAt: at, lastError: null }
        : { lastError: outcome.error }),
    });
    await updateInOrg(
      tx,
      notificationChannels,
      ctx.orgId,
      eq(notificationChannels.id, channelId),
      outcome.ok
        ? { lastDeliveryAt: at, consecutiveFailures: 0 }
        : {
            lastFailureAt: at,
            lastError: outcome.error,
            consecutiveFailures: sql`${notificationChannels.consecutiveFailures} + 1`,
          },
    );
  });
  return at;
}

/** The delivery gave up (its retries are spent, or it cannot succeed): the notification is failed. */
export async function markNotificationFailed(ctx: ServiceContext, notificationId: string, error: string) {
  await updateInOrg(ctx.db, notifications, ctx.orgId, eq(notifications.id, notificationId), {
    status: 'failed',
    lastError: error.slice(0, 2000),
  });
}
