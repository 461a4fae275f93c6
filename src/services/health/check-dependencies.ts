// Default import: @temporalio/proto is CommonJS, and Node's ESM loader sees no named exports in it.
import proto from '@temporalio/proto';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import type { TemporalHandle } from '../../temporal/client.js';

export interface DependencyCheck {
  ok: boolean;
  latency_ms: number;
  /** What kind of failure, never the dependency's own words (host names, ports, credentials). */
  error?: 'timeout' | 'unavailable';
}

const TIMEOUT_MS = 3000;

class NoAnswer extends Error {}

/**
 * Health answers anyone, so a failure is reported as its kind only; the dependency's error text
 * (a connection string, an address, a server's message) goes to the log.
 */
async function timed(name: string, logger: Logger, fn: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new NoAnswer()), TIMEOUT_MS).unref()),
    ]);
    return { ok: true, latency_ms: elapsed(started) };
  } catch (error) {
    const timedOut = error instanceof NoAnswer;
    if (!timedOut) logger.warn({ err: error, dependency: name }, 'health check failed');
    return { ok: false, latency_ms: elapsed(started), error: timedOut ? 'timeout' : 'unavailable' };
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

export function checkDatabase(database: Database, logger: Logger): Promise<DependencyCheck> {
  return timed('database', logger, () => database.ping());
}

/** Reachability of the namespace we work in, not just of the frontend. */
export function checkTemporal(handle: TemporalHandle, logger: Logger): Promise<DependencyCheck> {
  return timed('temporal', logger, () =>
    handle.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
      handle.connection.workflowService.describeNamespace({ namespace: handle.namespace }),
    ),
  );
}

export interface PollerSummary {
  workflow_pollers: number;
  activity_pollers: number;
  last_poll_at: string | null;
}

/** Workers seen polling our task queue recently: "is anything going to run my workflow?" */
export async function describePollers(handle: TemporalHandle): Promise<PollerSummary> {
  const kinds = proto.temporal.api.enums.v1.TaskQueueType;
  const describe = (taskQueueType: proto.temporal.api.enums.v1.TaskQueueType) =>
    handle.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
      handle.connection.workflowService.describeTaskQueue({
        namespace: handle.namespace,
        taskQueue: { name: handle.taskQueue },
        taskQueueType,
      }),
    );
  const [workflow, activity] = await Promise.all([
    describe(kinds.TASK_QUEUE_TYPE_WORKFLOW),
    describe(kinds.TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  const pollers = [...(workflow.pollers ?? []), ...(activity.pollers ?? [])];
  const lastSeconds = Math.max(0, ...pollers.map((p) => Number(p.lastAccessTime?.seconds ?? 0)));
  return {
    workflow_pollers: workflow.pollers?.length ?? 0,
    activity_pollers: activity.pollers?.length ?? 0,
    last_poll_at: lastSeconds > 0 ? new Date(lastSeconds * 1000).toISOString() : null,
  };
}
