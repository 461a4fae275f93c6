import { z } from 'zod';
import { OVERLAP_POLICIES } from '../../db/schema/schedules.js';
import type { TriggerType } from '../../db/schema/triggers.js';

/** The app's global body limit is 1 MiB; a webhook may ask for less, never more. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
export const DEFAULT_WEBHOOK_BODY_BYTES = 256 * 1024;
export const DEFAULT_TOLERANCE_SECONDS = 300;

export const WebhookConfig = z.strictObject({
  max_body_bytes: z
    .number()
    .int()
    .min(1)
    .max(MAX_WEBHOOK_BODY_BYTES)
    .default(DEFAULT_WEBHOOK_BODY_BYTES)
    .describe('Largest accepted body in bytes (413 beyond it)'),
  tolerance_seconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(DEFAULT_TOLERANCE_SECONDS)
    .describe('How far webhook-timestamp may be from now, either way, before a delivery is refused'),
});

export const EVENT_KINDS = ['execution.completed', 'execution.failed', 'approval.decided'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EventConfig = z.strictObject({
  source_workflow_id: z
    .string()
    .min(1)
    .max(200)
    .describe('The workflow (same organization) whose executions this trigger listens to'),
  on: z
    .array(z.enum(EVENT_KINDS))
    .min(1)
    .max(EVENT_KINDS.length)
    .transform((kinds) => [...new Set(kinds)])
    .describe('Which events of the source workflow start a run'),
});

export const ScheduleConfig = z
  .strictObject({
    cron: z.string().min(1).max(200).optional().describe('Cron expression, e.g. "0 9 * * MON-FRI"'),
    interval: z.string().min(1).max(50).optional().describe('Fixed interval instead of cron, e.g. "15m"'),
    timezone: z.string().min(1).max(100).default('UTC').describe('IANA time zone the cron is read in'),
    overlap_policy: z.enum(OVERLAP_POLICIES).default('skip'),
    catchup_window: z.string().min(1).max(50).optional().describe('How late a missed run may still start'),
    pause_on_failure: z.boolean().default(false),
    jitter: z.string().min(1).max(50).optional().describe('Random delay added to each run, e.g. "30s"'),
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Every scheduled run's input (the trigger's mappings do not apply to scheduled runs)"),
  })
  .refine((c) => (c.cron === undefined) !== (c.interval === undefined), {
    message: 'Give exactly one of cron or interval',
    path: ['cron'],
  });

export const ManualConfig = z.strictObject({});

export const TRIGGER_CONFIGS = {
  webhook: WebhookConfig,
  schedule: ScheduleConfig,
  event: EventConfig,
  manual: ManualConfig,
} as const satisfies Record<TriggerType, z.ZodType>;

export type WebhookConfigValue = z.output<typeof WebhookConfig>;
export type EventConfigValue = z.output<typeof EventConfig>;
export type ScheduleConfigValue = z.output<typeof ScheduleConfig>;

export const TRIGGER_DESCRIPTIONS: Record<TriggerType, string> = {
  webhook:
    'An unguessable URL that starts a run for every delivery signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Repeated webhook-ids start one run.',
  schedule: 'Runs on a cron expression or a fixed interval, backed by a Temporal Schedule.',
  event:
    'Starts a run when an execution of another workflow of the organization completes, fails, or has an approval decided.',
  manual: 'Starts a run only when someone fires it (POST /api/v1/triggers/{id}/fire).',
};

/** The config JSON Schema per type, as GET /triggers/types documents it. */
export function configJsonSchema(type: TriggerType): Record<string, unknown> {
  return z.toJSONSchema(TRIGGER_CONFIGS[type], {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
