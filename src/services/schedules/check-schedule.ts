import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflows } from '../../db/schema/index.js';
import { OVERLAP_POLICIES, type OverlapPolicy } from '../../db/schema/schedules.js';
import { inOrg } from '../../db/tenant.js';
import { type ApiError, conflict, validationFailed } from '../../lib/errors.js';
import { DURATION_PATTERN, durationMs } from '../../workflows/definition/durations.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { findVersionDefinition } from '../executions/runnable-target.js';
import { type InputProblem, validateInput } from '../workflows/validate-input.js';
import type { ScheduleInput, ScheduleRow } from './types.js';

/** The columns a caller decides, after defaults: what gets checked, stored and sent to Temporal. */
export interface ScheduleDraft {
  name: string;
  description: string;
  workflowId: string;
  input: Record<string, unknown>;
  cron: string | null;
  interval: string | null;
  timezone: string;
  overlapPolicy: OverlapPolicy;
  catchupWindow: string | null;
  pauseOnFailure: boolean;
  jitter: string | null;
}

export function draftFromInput(input: ScheduleInput): ScheduleDraft {
  return {
    name: input.name,
    description: input.description ?? '',
    workflowId: input.workflow_id,
    input: input.input ?? {},
    cron: input.cron ?? null,
    interval: input.interval ?? null,
    timezone: input.timezone ?? 'UTC',
    overlapPolicy: input.overlap_policy ?? 'skip',
    catchupWindow: input.catchup_window ?? null,
    pauseOnFailure: input.pause_on_failure ?? false,
    jitter: input.jitter ?? null,
  };
}

/** The row with the patch applied. Giving only one of cron and interval replaces the other. */
export function applyPatch(row: ScheduleRow, patch: Partial<ScheduleInput>): ScheduleDraft {
  const switchesToCron = typeof patch.cron === 'string' && patch.interval === undefined;
  const switchesToInterval = typeof patch.interval === 'string' && patch.cron === undefined;
  return {
    name: patch.name ?? row.name,
    description: patch.description ?? row.description,
    workflowId: patch.workflow_id ?? row.workflowId,
    input: patch.input ?? row.input,
    cron: switchesToInterval ? null : patch.cron === undefined ? row.cron : patch.cron,
    interval: switchesToCron ? null : patch.interval === undefined ? row.interval : patch.interval,
    timezone: patch.timezone ?? row.timezone,
    overlapPolicy: patch.overlap_policy ?? row.overlapPolicy,
    catchupWindow: patch.catchup_window === undefined ? row.catchupWindow : patch.catchup_window,
    pauseOnFailure: patch.pause_on_failure ?? row.pauseOnFailure,
    jitter: patch.jitter === undefined ? row.jitter : patch.jitter,
  };
}

const MIN_CATCHUP_MS = 10_000;
const CRON_FIELD = /^[0-9A-Za-z*,/-]+$/;

/** What is wrong with the timing fields, without asking Temporal (which has the last word). */
export function specProblems(draft: ScheduleDraft, minIntervalSeconds = 1): InputProblem[] {
  const problems: InputProblem[] = [];
  const problem = (path: string, code: string, message: string) => problems.push({ path, code, message });

  if (draft.name.trim() === '') problem('name', 'required', 'is required');
  if ((draft.cron === null) === (draft.interval === null)) {
    problem('cron', 'cron_xor_interval', 'give exactly one of cron and interval');
  }
  if (draft.cron !== null) {
    const cron = draft.cron.trim();
    const fields = cron.split(/\s+/);
    if (cron.startsWith('@every')) {
      problem('cron', 'invalid_cron', 'use interval for a fixed period');
    } else if (cron.startsWith('@')) {
      if (!/^@[a-z]+$/.test(cron)) problem('cron', 'invalid_cron', 'unknown shorthand');
    } else if (fields.length !== 5 && fields.length !== 6) {
      problem(
        'cron',
        'invalid_cron',
        'expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first',
      );
    } else if (!fields.every((field) => CRON_FIELD.test(field))) {
      problem('cron', 'invalid_cron', 'fields may hold digits, names, *, ",", "-" and "/" only');
    } else if (fields.length === 6 && minIntervalSeconds >= 60 && !/^\d{1,2}$/.test(fields[0] ?? '')) {
      // Any seconds field but one fixed second fires more than once a minute.
      problem(
        'cron',
        'too_frequent',
        `fires more often than every ${minIntervalSeconds}s, the shortest period allowed`,
      );
    }
  }
  checkDuration(problems, 'interval', draft.interval, minIntervalSeconds * 1000);
  checkDuration(problems, 'catchup_window', draft.catchupWindow, MIN_CATCHUP_MS);
  checkDuration(problems, 'jitter', draft.jitter, 0);
  if (!OVERLAP_POLICIES.includes(draft.overlapPolicy)) {
    problem('overlap_policy', 'invalid_value', `must be one of ${OVERLAP_POLICIES.join(', ')}`);
  }
  if (!isTimeZone(draft.timezone)) problem('timezone', 'invalid_timezone', 'is not an IANA time zone');
  return problems;
}

function checkDuration(problems: InputProblem[], path: string, value: string | null, minMs: number) {
  if (value === null) return;
  if (!DURATION_PATTERN.test(value)) {
    problems.push({ path, code: 'invalid_duration', message: 'expected a duration like 30s, 15m, 2h or 1d' });
  } else if (durationMs(value) < minMs) {
    problems.push({ path, code: 'too_small', message: `must be at least ${minMs / 1000}s` });
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/**
 * Checks a draft all at once: its timing fields, its workflow (same organization, published, not
 * archived: 409 otherwise) and its input against the published version's variables. Every field
 * problem comes back in one 400; `target: false` skips the workflow when neither it nor the input
 * changed (renaming a schedule of a since-archived workflow still works).
 */
export async function checkSchedule(
  db: Db,
  orgId: string,
  draft: ScheduleDraft,
  options: { target: boolean; minIntervalSeconds: number },
): Promise<void> {
  const problems = specProblems(draft, options.minIntervalSeconds);
  let refusal: ApiError | null = null;
  if (options.target) {
    const [workflow] = await db
      .select()
      .from(workflows)
      .where(inOrg(workflows, orgId, eq(workflows.id, draft.workflowId), isNull(workflows.deletedAt)));
    if (!workflow) {
      problems.push({
        path: 'workflow_id',
        code: 'not_found',
        message: 'No such workflow in this organization',
      });
    } else if (workflow.status === 'archived') {
      refusal = conflict('workflow_archived', 'Archived workflows cannot be scheduled');
    } else if (workflow.publishedVersion === null) {
      refusal = conflict('workflow_not_published', 'Publish the workflow before scheduling it');
    } else {
      const definition =
        (await findVersionDefinition(db, {
          orgId,
          workflowId: workflow.id,
          workflowVersion: workflow.publishedVersion,
        })) ?? ({} as WorkflowDefinition);
      const checked = validateInput(definition, draft.input);
      if (!checked.ok) problems.push(...checked.errors);
    }
  }
  if (problems.length > 0) {
    throw validationFailed('schedule', problems);
  }
  if (refusal) throw refusal;
}
