import { notificationChannels } from '../../db/schema/index.js';
import { ApiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext, withDb } from '../context.js';
import { generateWebhookSecret } from '../triggers/webhook-secrets.js';
import type { ChannelConfiguration, ChannelSecrets } from './channel-settings.js';
import { findChannel, openChannelSecrets, storeChannelSecrets } from './channel-store.js';
import { type ChannelView, toChannelView } from './channel-view.js';

/**
 * Sets up (or changes) the organization's channel of one kind. Every address it will send to
 * passes the outbound guard now (400 destination_not_allowed naming the rule); secrets go into the
 * channel's own credential; a webhook channel's signing secret is made here and shown only in this
 * answer. A password is refused over a clear-text SMTP connection.
 */
export async function configureChannel(
  ctx: ServiceContext,
  input: ChannelConfiguration,
): Promise<ChannelView & { signing_secret?: string }> {
  requirePermission(ctx, 'notifications:send');
  await checkDestinations(ctx, input);
  if (input.channel === 'email' && input.settings.security === 'none' && input.password) {
    throw new ApiError('validation_failed', 'A password is never sent over a clear-text connection', {
      details: {
        errors: [{ path: 'body.password', code: 'insecure', message: 'use security starttls or tls' }],
      },
    });
  }
  const existing = await findChannel(ctx, input.channel);
  const previous = existing ? await openChannelSecrets(ctx, existing) : undefined;
  const { secrets, settings, shownSecret } = split(input, previous);
  const at = ctx.clock();
  const row = await ctx.db.transaction(async (tx) => {
    const credentialId = await storeChannelSecrets(withDb(ctx, tx), tx, existing, secrets);
    const values = {
      enabled: input.enabled ?? existing?.enabled ?? true,
      settings,
      credentialId,
      updatedAt: at,
    };
    const [saved] = await tx
      .insert(notificationChannels)
      .values({ id: newId('nch'), orgId: ctx.orgId, kind: input.channel, ...values, createdAt: at })
      .onConflictDoUpdate({ target: [notificationChannels.orgId, notificationChannels.kind], set: values })
      .returning();
    if (!saved) throw new Error('channel upsert returned no row');
    await recordAudit(tx, ctx, {
      action: 'notification_channel.configure',
      resourceType: 'notification_channel',
      resourceId: saved.id,
      details: { channel: input.channel, enabled: values.enabled, secret_rotated: shownSecret !== undefined },
    });
    return saved;
  });
  return { ...toChannelView(row), ...(shownSecret ? { signing_secret: shownSecret } : {}) };
}

function split(input: ChannelConfiguration, previous: ChannelSecrets | undefined) {
  switch (input.channel) {
    case 'email': {
      const kept = previous?.kind === 'email' ? previous.password : undefined;
      const password = input.password ?? kept;
      return {
        settings: { ...input.settings, has_password: password !== undefined },
        secrets: { kind: 'email', ...(password ? { password } : {}) } as ChannelSecrets,
        shownSecret: undefined,
      };
    }
    case 'chat':
      return {
        // The URL is the secret (anyone holding it can post); its host says where it goes.
        settings: { host: new URL(input.webhook_url).host },
        secrets: { kind: 'chat', webhook_url: input.webhook_url } as ChannelSecrets,
        shownSecret: undefined,
      };
    case 'webhook': {
      const kept = previous?.kind === 'webhook' ? previous.signing_secret : undefined;
      const secret = input.rotate_secret || !kept ? generateWebhookSecret() : kept;
      return {
        settings: { url: input.url },
        secrets: { kind: 'webhook', signing_secret: secret } as ChannelSecrets,
        shownSecret: secret === kept ? undefined : secret,
      };
    }
  }
}

async function checkDestinations(ctx: ServiceContext, input: ChannelConfiguration): Promise<void> {
  try {
    if (input.channel === 'email') {
      await ctx.outbound.checkSocket(input.settings.host.replace(/^\[(.*)\]$/, '$1'), input.settings.port);
    } else {
      await ctx.outbound.check(input.channel === 'chat' ? input.webhook_url : input.url);
    }
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.code === 'DESTINATION_NOT_ALLOWED') {
      throw new ApiError('destination_not_allowed', error.message, { details: { rule: error.rule } });
    }
    // An address that does not resolve now may later; the delivery's retries will tell.
  }
}
