import { and, gte, sql } from 'drizzle-orm';
import { NOTIFICATION_CHANNELS, notificationChannels, notifications } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type ChannelView, toChannelView } from './channel-view.js';

export interface ChannelStatus {
  channel: (typeof NOTIFICATION_CHANNELS)[number];
  configured: boolean;
  state: ChannelView | null;
  last_24h: { sent: number; failed: number; pending: number };
}

const DAY_MS = 86_400_000;

/** Every channel kind: whether it is configured, its last delivery and failures, and the last 24 h. */
export async function getNotificationStatus(ctx: ServiceContext): Promise<{ channels: ChannelStatus[] }> {
  requirePermission(ctx, 'notifications:send');
  const since = new Date(ctx.clock().getTime() - DAY_MS);
  const [channels, counts] = await Promise.all([
    ctx.db.select().from(notificationChannels).where(inOrg(notificationChannels, ctx.orgId)),
    ctx.db
      .select({ channel: notifications.channel, status: notifications.status, count: sql<string>`count(*)` })
      .from(notifications)
      .where(inOrg(notifications, ctx.orgId, and(gte(notifications.createdAt, since))))
      .groupBy(notifications.channel, notifications.status),
  ]);
  return {
    channels: NOTIFICATION_CHANNELS.map((kind) => {
      const row = channels.find((c) => c.kind === kind);
      const count = (status: string) =>
        Number(counts.find((c) => c.channel === kind && c.status === status)?.count ?? 0);
      return {
        channel: kind,
        configured: row !== undefined,
        state: row ? toChannelView(row) : null,
        last_24h: { sent: count('sent'), failed: count('failed'), pending: count('pending') },
      };
    }),
  };
}
