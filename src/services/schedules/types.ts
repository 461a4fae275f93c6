import type { OverlapPolicy, schedules } from '../../db/schema/schedules.js';

export type ScheduleRow = typeof schedules.$inferSelect;

/** What a caller asks for (the API body, snake_case). Exactly one of `cron` and `interval`. */
export interface ScheduleInput {
  name: string;
  description?: string;
  /** A workflow of the same organization; it must be published. */
  workflow_id: string;
  /** Every run's input, checked against the published version's variables. */
  input?: Record<string, unknown>;
  /** 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or `@daily`-style. */
  cron?: string | null;
  /** A fixed interval such as `30s`, `15m`, `1h`. */
  interval?: string | null;
  /** IANA time zone the cron is read in (default UTC). */
  timezone?: string;
  overlap_policy?: OverlapPolicy;
  /** How late a run missed during an outage may still start (at least `10s`; default 1 year). */
  catchup_window?: string | null;
  pause_on_failure?: boolean;
  /** A random delay of up to this much added to each run. */
  jitter?: string | null;
  /** Create paused (create), or pause/unpause (update). */
  paused?: boolean;
}

export interface ScheduleRun {
  /** The run's execution id (also its Temporal workflow id). */
  execution_id: string;
  scheduled_at: string;
  started_at: string;
}

/** The API shape of a schedule: the record as asked for, and its live state read from Temporal. */
export interface ScheduleResource {
  id: string;
  name: string;
  description: string;
  workflow_id: string;
  input: Record<string, unknown>;
  /** The cron text as entered (Temporal only keeps its compiled form). */
  cron: string | null;
  interval: string | null;
  timezone: string;
  overlap_policy: OverlapPolicy;
  catchup_window: string | null;
  pause_on_failure: boolean;
  jitter: string | null;
  /** The trigger this schedule backs, if a schedule trigger created it. */
  trigger_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Null when Temporal has no schedule for this record (removed outside Conveyor). */
  paused: boolean | null;
  note: string | null;
  next_run_times: string[];
  recent_runs: ScheduleRun[];
  running: { execution_id: string }[];
  actions_taken: number;
  actions_skipped_overlap: number;
  actions_missed_catchup_window: number;
  temporal: { namespace: string; schedule_id: string };
}
