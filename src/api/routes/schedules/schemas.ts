import { z } from '@hono/zod-openapi';
import { OVERLAP_POLICIES } from '../../../db/schema/schedules.js';
import { idParam } from '../../openapi.js';

export const SCHEDULE_ID_EXAMPLE = 'sch_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const ScheduleIdParam = idParam('id', SCHEDULE_ID_EXAMPLE);

const Duration = (description: string, example: string) =>
  z.string().min(1).max(50).openapi({ description, example });

/** The fields a caller sets; semantic checks (cron, time zone, workflow, input) are the service's. */
const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Nightly invoice sync' }),
  description: z.string().max(5000).optional(),
  workflow_id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ description: 'A published workflow of your organization' }),
  input: z
    .record(z.string(), z.unknown())
    .optional()
    .openapi({ description: "Every run's input, checked against the published version's variables" }),
  cron: z.string().min(1).max(200).nullable().optional().openapi({
    description:
      'Cron text, kept as entered: 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or @daily/@hourly/… Give cron or interval, not both.',
    example: '0 9 * * MON-FRI',
  }),
  interval: Duration('A fixed period instead of cron: 30s, 15m, 2h, 1d', '15m').nullable().optional(),
  timezone: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'IANA time zone the cron is read in (default UTC)', example: 'Europe/Paris' }),
  overlap_policy: z.enum(OVERLAP_POLICIES).optional().openapi({
    description: 'What happens when a run is due while the previous one still runs (default skip)',
  }),
  catchup_window: Duration('How late a run missed during an outage may still start (≥ 10s)', '10m')
    .nullable()
    .optional(),
  pause_on_failure: z.boolean().optional().openapi({ description: 'Pause the schedule when a run fails' }),
  jitter: Duration('A random delay of up to this much added to each run', '30s').nullable().optional(),
  paused: z.boolean().optional(),
};

export const CreateScheduleBody = z.strictObject(fields).openapi('CreateScheduleRequest');

export const UpdateScheduleBody = z
  .strictObject({
    ...fields,
    name: fields.name.optional(),
    workflow_id: fields.workflow_id.optional(),
  })
  .openapi('UpdateScheduleRequest');

export const OverlapPolicyField = z.enum(OVERLAP_POLICIES);

export const ScheduleSchema = z
  .object({
    id: z.string().openapi({ example: SCHEDULE_ID_EXAMPLE, description: 'Also the Temporal Schedule id' }),
    name: z.string(),
    description: z.string(),
    workflow_id: z.string(),
    input: z.record(z.string(), z.unknown()),
    cron: z.string().nullable().openapi({ description: 'As entered' }),
    interval: z.string().nullable(),
    timezone: z.string(),
    overlap_policy: z.enum(OVERLAP_POLICIES),
    catchup_window: z.string().nullable(),
    pause_on_failure: z.boolean(),
    jitter: z.string().nullable(),
    trigger_id: z
      .string()
      .nullable()
      .openapi({ description: 'The schedule trigger backed by this schedule' }),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    paused: z
      .boolean()
      .nullable()
      .openapi({ description: 'From Temporal; null if Temporal has no schedule for this record' }),
    note: z.string().nullable().openapi({ description: 'Why it was last paused or unpaused' }),
    next_run_times: z.array(z.string()).openapi({ description: 'The next (up to 5) run times, UTC' }),
    recent_runs: z.array(
      z.object({
        execution_id: z.string().openapi({ description: 'The execution (and Temporal workflow) id' }),
        scheduled_at: z.string(),
        started_at: z.string(),
      }),
    ),
    running: z.array(z.object({ execution_id: z.string() })).openapi({
      description: 'Runs still in progress (Temporal tracks them for every overlap policy but allow_all)',
    }),
    actions_taken: z.number().int(),
    actions_skipped_overlap: z.number().int(),
    actions_missed_catchup_window: z.number().int(),
    temporal: z.object({ namespace: z.string(), schedule_id: z.string() }),
  })
  .openapi('Schedule');
