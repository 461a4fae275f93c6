import type { ChannelRow } from './channel-store.js';

/** A channel as the API shows it: settings that are not secret, state, never a secret. */
export interface ChannelView {
  channel: ChannelRow['kind'];
  enabled: boolean;
  settings: Record<string, unknown>;
  last_delivery_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  updated_at: string;
}

export function toChannelView(row: ChannelRow): ChannelView {
  return {
    channel: row.kind,
    enabled: row.enabled,
    settings: row.settings,
    last_delivery_at: row.lastDeliveryAt?.toISOString() ?? null,
    last_failure_at: row.lastFailureAt?.toISOString() ?? null,
    last_error: row.lastError ?? null,
    consecutive_failures: row.consecutiveFailures,
    updated_at: row.updatedAt.toISOString(),
  };
}
