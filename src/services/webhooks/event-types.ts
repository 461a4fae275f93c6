/**
 * The events a subscription may ask for. A subscription lists types and wildcards (`execution.*`,
 * `*`); an event reaches it when one of them matches. Adding an event type here is all the
 * subscription side needs; its emitter calls `emitWebhookEvent`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'approval.requested',
  'approval.decided',
  'trigger.fired',
  'integration.alert.opened',
  'integration.alert.resolved',
  /** Sent only by POST /webhooks/{id}/test, to the one subscription tested. */
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_FILTERS = [
  '*',
  'execution.*',
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'approval.*',
  'approval.requested',
  'approval.decided',
  'trigger.fired',
  'integration.alert.*',
  'integration.alert.opened',
  'integration.alert.resolved',
] as const;
export type WebhookEventFilter = (typeof WEBHOOK_EVENT_FILTERS)[number];

/** The filters an event of this type matches: itself, each of its prefixes' wildcards and `*`. */
export function filtersMatching(type: WebhookEventType): string[] {
  const parts = type.split('.');
  const wildcards = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`);
  return ['*', ...wildcards, type];
}
