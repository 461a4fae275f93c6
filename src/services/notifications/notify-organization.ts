import { derivedId } from '../../lib/ids.js';
import type { ServiceContext } from '../context.js';
import { listEnabledChannels } from './channel-store.js';
import { queueNotification } from './queue-notification.js';

export interface OrganizationNotice {
  /** Names the occurrence (`integration-alert:<alertId>:opened`): noticing it twice sends nothing more. */
  key: string;
  source: 'integration_alert' | 'webhook_disabled' | 'ai_budget';
  subject: string;
  body: string;
  data: Record<string, unknown>;
}

/**
 * Something the organization's people should hear about (an integration alert, a webhook Conveyor
 * disabled): one notification per enabled channel (e-mail to its default recipients), each
 * delivered by its own workflow. The ids derive from the occurrence, so a retried caller queues
 * nothing twice. A channel that cannot take it now is logged; the occurrence is recorded anyway
 * (audit row, live event) by the caller.
 */
export async function notifyOrganization(ctx: ServiceContext, notice: OrganizationNotice): Promise<void> {
  const channels = await listEnabledChannels(ctx);
  for (const channel of channels) {
    if (
      channel.kind === 'email' &&
      ((channel.settings.default_recipients as string[] | undefined) ?? []).length === 0
    ) {
      continue;
    }
    try {
      await queueNotification(ctx, {
        id: derivedId('ntf', ctx.orgId, notice.key, channel.kind),
        orgId: ctx.orgId,
        channel: channel.kind,
        recipients: [],
        subject: notice.subject,
        body: notice.body,
        source: notice.source,
        data: notice.data,
      });
    } catch (error) {
      ctx.logger.warn(
        { err: error, channel: channel.kind, key: notice.key },
        'organization notice not queued',
      );
    }
  }
}
