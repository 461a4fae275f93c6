// Where a run's time went, read from its Temporal history: the time between each pair of
// consecutive events, grouped by what happens in that gap (a task waiting to be dispatched, the
// worker running a workflow task, an activity running). The gaps add up to the run's span from
// its start event to its close event, so nothing is left out.
import type { temporal } from '@temporalio/proto';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;

/** Readable names for the gaps that make up sequential runs; other pairs keep their event names. */
const PHASES: Record<string, string> = {
  'WORKFLOW_EXECUTION_STARTED→WORKFLOW_TASK_SCHEDULED': 'start: first workflow task scheduled',
  'WORKFLOW_TASK_SCHEDULED→WORKFLOW_TASK_STARTED': 'workflow task waiting for dispatch',
  'WORKFLOW_TASK_STARTED→WORKFLOW_TASK_COMPLETED':
    'workflow task on the worker (incl. local activities run in it)',
  'WORKFLOW_TASK_COMPLETED→ACTIVITY_TASK_SCHEDULED': 'commands recorded',
  'ACTIVITY_TASK_SCHEDULED→ACTIVITY_TASK_STARTED': 'activity task waiting for dispatch',
  'ACTIVITY_TASK_STARTED→ACTIVITY_TASK_COMPLETED': 'activity running and reporting',
  'ACTIVITY_TASK_COMPLETED→WORKFLOW_TASK_SCHEDULED': 'activity result → next workflow task',
  'WORKFLOW_TASK_COMPLETED→MARKER_RECORDED': 'markers recorded (local activity results)',
  'MARKER_RECORDED→MARKER_RECORDED': 'markers recorded (local activity results)',
};

export interface Phase {
  phase: string;
  totalMs: number;
  count: number;
}

const nameOf = (event: temporal.api.history.v1.IHistoryEvent) =>
  String(EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, '');

const timeOf = (event: temporal.api.history.v1.IHistoryEvent) => {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  return seconds * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
};

/** The gaps of one history, largest total first. */
export function historyPhases(history: temporal.api.history.v1.IHistory): Phase[] {
  const events = history.events ?? [];
  const phases = new Map<string, Phase>();
  for (let i = 1; i < events.length; i++) {
    const previous = events[i - 1] as temporal.api.history.v1.IHistoryEvent;
    const event = events[i] as temporal.api.history.v1.IHistoryEvent;
    const pair = `${nameOf(previous)}→${nameOf(event)}`;
    const phase = PHASES[pair] ?? pair;
    const entry = phases.get(phase) ?? { phase, totalMs: 0, count: 0 };
    entry.totalMs += timeOf(event) - timeOf(previous);
    entry.count += 1;
    phases.set(phase, entry);
  }
  return [...phases.values()].sort((a, b) => b.totalMs - a.totalMs);
}

/** The epoch ms of the first and last events (the run's span as the server recorded it). */
export function historySpan(history: temporal.api.history.v1.IHistory): { first: number; last: number } {
  const events = history.events ?? [];
  const first = events[0];
  const last = events.at(-1);
  return { first: first ? timeOf(first) : 0, last: last ? timeOf(last) : 0 };
}

/** Counts of each event type, e.g. to show 40 MARKER_RECORDED instead of 40 activities. */
export function eventCounts(history: temporal.api.history.v1.IHistory): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of history.events ?? []) counts[nameOf(event)] = (counts[nameOf(event)] ?? 0) + 1;
  return counts;
}

/** "phase 123 ms (40×)" lines for the largest gaps, for notes. */
export function describePhases(phases: Phase[], limit = 6): string {
  return phases
    .slice(0, limit)
    .map(
      (p) =>
        `${p.phase} ${p.totalMs.toFixed(0)} ms (${p.count}×, ${(p.totalMs / p.count).toFixed(1)} ms each)`,
    )
    .join('; ');
}
