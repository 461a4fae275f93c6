import { ApplicationFailure, proxyActivities, uuid4 } from '@temporalio/workflow';
import { z } from 'zod';
import type { NotificationActivities } from '../../../activities/notifications.js';
import { defineStepType } from '../step-type.js';

// Per-call options replace this default (executeWithOptions); the SDK wants a proxy to name one.
const acts = proxyActivities<NotificationActivities>({ startToCloseTimeout: '1 minute' });

/**
 * A notification through one of the organization's channels. The notification's id comes from the
 * run and the step's place in it, so a retried or replayed step records and sends one notification.
 * `wait` (the default) delivers within the step, with its retry policy; without it the step only
 * queues the notification, whose own workflow delivers it with retries over hours.
 */
export default defineStepType({
  type: 'notify',
  description:
    "Send a notification through a configured channel (`email`, `chat`, `webhook`): `subject` and `body` are templates, `recipients` e-mail addresses (the channel's defaults when omitted). " +
    '`wait` (default true) delivers within the step and fails it if delivery fails; false queues it and goes on. Output: { notification_id, status }.',
  config: z.strictObject({
    channel: z.enum(['email', 'chat', 'webhook']),
    recipients: z
      .union([z.array(z.string().min(1).max(320)).max(50), z.string().min(1).max(2000)])
      .optional(),
    subject: z.string().min(1).max(500),
    body: z.string().min(1).max(100_000),
    wait: z.boolean().default(true),
  }),
  async run(ctx, step) {
    const rendered = await ctx.render<{ recipients: unknown; subject: unknown; body: unknown }>({
      recipients: step.config.recipients ?? [],
      subject: step.config.subject,
      body: step.config.body,
    });
    const recipients = [rendered.recipients]
      .flat(2)
      .filter((r): r is string => typeof r === 'string' && r !== '');
    if (recipients.length > 50)
      throw ApplicationFailure.nonRetryable('At most 50 recipients', 'INPUT_INVALID');
    const spec = {
      // The same id on every replay: uuid4() is seeded by the run, so it is deterministic.
      id: `ntf_${ctx.execution.executionId.slice(4)}_${uuid4().replaceAll('-', '').slice(0, 12)}`,
      orgId: ctx.execution.orgId,
      channel: step.config.channel,
      recipients,
      subject: String(rendered.subject).slice(0, 500),
      body: String(rendered.body).slice(0, 100_000),
      source: 'step',
      data: { execution_id: ctx.execution.executionId, step: ctx.path },
    };
    if (!step.config.wait) {
      await acts.queueNotification.executeWithOptions(ctx.activityOptions(), [spec]);
      return { notification_id: spec.id, status: 'queued' };
    }
    const sent = await acts.sendNotificationNow.executeWithOptions(ctx.activityOptions(), [spec]);
    return { notification_id: sent.notification_id, status: 'sent', sent_at: sent.sent_at };
  },
});
