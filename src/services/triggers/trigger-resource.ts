import type { triggers } from '../../db/schema/index.js';
import { openWebhookSecret, secretHint } from './webhook-secrets.js';

export type TriggerRow = typeof triggers.$inferSelect;

export const WEBHOOK_URL_PREFIX = '/api/v1/triggers/webhooks/';

/**
 * The API shape of a trigger. A webhook's signing secret never appears here: it is shown once, when
 * created or rotated, and afterwards only its last four characters identify which one is current.
 */
export function toTriggerResource(row: TriggerRow, secretHint: string | null = null) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    workflow_id: row.workflowId,
    enabled: row.enabled,
    config: row.config,
    mappings: row.mappings,
    webhook:
      row.type === 'webhook' && row.webhookPath
        ? {
            url_path: `${WEBHOOK_URL_PREFIX}${row.webhookPath}`,
            secret_hint: secretHint,
            previous_secret_expires_at:
              row.previousSecretCiphertext && row.previousSecretExpiresAt
                ? row.previousSecretExpiresAt.toISOString()
                : null,
          }
        : null,
    schedule_id: row.scheduleId ?? null,
    fire_count: row.fireCount,
    last_fired_at: row.lastFiredAt?.toISOString() ?? null,
    last_error: row.lastError ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type TriggerResource = ReturnType<typeof toTriggerResource>;

/** The resource with its webhook secret's hint, which takes decrypting the secret. */
export function describeTrigger(row: TriggerRow, masterKey: Buffer): TriggerResource {
  const hint =
    row.type === 'webhook' && row.secretCiphertext
      ? secretHint(openWebhookSecret(masterKey, row.id, row.secretCiphertext))
      : null;
  return toTriggerResource(row, hint);
}

/** A trigger as create and rotate-secret answer: the only times a webhook's secret is shown. */
export type TriggerWithSecret = TriggerResource & {
  webhook: (NonNullable<TriggerResource['webhook']> & { secret: string }) | null;
};

export function withSecret(resource: TriggerResource, secret: string | null): TriggerWithSecret {
  return { ...resource, webhook: secret && resource.webhook ? { ...resource.webhook, secret } : null };
}
