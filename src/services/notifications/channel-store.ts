import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { credentials, type NotificationChannelKind, notificationChannels } from '../../db/schema/index.js';
import { inOrg, updateInOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import type { ServiceContext } from '../context.js';
import { openCredentialValue, sealCredentialValue } from '../credentials/credential-value.js';
import { type ChannelSecrets, credentialNameOf } from './channel-settings.js';

export type ChannelRow = typeof notificationChannels.$inferSelect;

/** The organization's channel of a kind, or undefined when it was never configured. */
export async function findChannel(
  ctx: ServiceContext,
  kind: NotificationChannelKind,
  db: Db = ctx.db,
): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationChannels)
    .where(inOrg(notificationChannels, ctx.orgId, eq(notificationChannels.kind, kind)));
  return row;
}

/** The organization's enabled channels. */
export async function listEnabledChannels(ctx: ServiceContext): Promise<ChannelRow[]> {
  return ctx.db
    .select()
    .from(notificationChannels)
    .where(inOrg(notificationChannels, ctx.orgId, eq(notificationChannels.enabled, true)));
}

/** Opens a channel's secrets: inside the delivering activity only, never in an answer or a log. */
export async function openChannelSecrets(ctx: ServiceContext, channel: ChannelRow): Promise<ChannelSecrets> {
  if (!channel.credentialId) return { kind: 'email' };
  const [row] = await ctx.db
    .select()
    .from(credentials)
    .where(
      inOrg(
        credentials,
        ctx.orgId,
        and(eq(credentials.id, channel.credentialId), isNull(credentials.deletedAt)),
      ),
    );
  if (!row) return { kind: 'email' };
  return openCredentialValue(ctx, row) as ChannelSecrets;
}

/**
 * Writes the channel's sealed part: into its credential when it has one, else a new credential
 * named `notify:<kind>` (a colon: the credential routes never give nor change such a name).
 */
export async function storeChannelSecrets(
  ctx: ServiceContext,
  db: Db,
  existing: ChannelRow | undefined,
  secrets: ChannelSecrets,
): Promise<string> {
  if (existing?.credentialId) {
    const sealed = sealCredentialValue(ctx, { orgId: ctx.orgId, id: existing.credentialId }, secrets);
    await updateInOrg(db, credentials, ctx.orgId, eq(credentials.id, existing.credentialId), {
      keyVersion: sealed.keyVersion,
      wrappedKey: sealed.wrappedKey,
      ciphertext: sealed.ciphertext,
      updatedAt: ctx.clock(),
    });
    return existing.credentialId;
  }
  const id = newId('cred');
  const sealed = sealCredentialValue(ctx, { orgId: ctx.orgId, id }, secrets);
  await db.insert(credentials).values({
    id,
    orgId: ctx.orgId,
    name: credentialNameOf(secrets.kind),
    type: 'json',
    description: `Managed by the ${secrets.kind} notification channel`,
    keyVersion: sealed.keyVersion,
    wrappedKey: sealed.wrappedKey,
    ciphertext: sealed.ciphertext,
    createdBy: ctx.actor.id,
  });
  return id;
}
