import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { executionLogs, executionSteps } from '../../db/schema/index.js';
import type { LogEvent, StepEvent } from '../../workflows/sinks.js';
import { type LiveEvent, publishEvents } from '../events/publish.js';

/**
 * Buffers the interpreter's step and log events and writes them in batches, off the workflow's
 * hot path: one multi-row upsert per flush instead of a database round trip per step.
 */
export class ReadModelWriter {
  /** Per step path: its newest event and when it first started. */
  private steps = new Map<string, { event: StepEvent; startedAt: string }>();
  private logs: LogEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly delayMs = 25,
  ) {}

  step(event: StepEvent): void {
    // Later events of the same step replace earlier ones still in the buffer; the upsert keeps the
    // first start time and sequence number.
    const key = `${event.executionId}\u0000${event.path}`;
    const previous = this.steps.get(key);
    this.steps.set(key, {
      event: previous ? { ...event, seq: previous.event.seq } : event,
      startedAt: previous?.startedAt ?? event.at,
    });
    this.schedule();
  }

  log(event: LogEvent): void {
    this.logs.push(event);
    this.schedule();
  }

  /** Writes everything buffered so far; the outcome activity calls it before the final status. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.flushing = this.flushing
      .then(() => this.write())
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'read-model flush failed');
      });
    return this.flushing;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
  }

  private async write(): Promise<void> {
    const steps = [...this.steps.values()];
    const logs = this.logs;
    this.steps = new Map();
    this.logs = [];
    if (steps.length === 0 && logs.length === 0) return;
    if (steps.length > 0) {
      await this.db
        .insert(executionSteps)
        .values(
          steps.map(({ event: e, startedAt }) => ({
            orgId: e.orgId,
            executionId: e.executionId,
            path: e.path,
            stepId: e.stepId,
            type: e.type,
            status: e.status,
            attempts: e.attempts ?? (e.status === 'running' || e.status === 'skipped' ? 0 : 1),
            output: e.output ?? null,
            error: e.error ?? null,
            seq: e.seq,
            startedAt: e.status === 'skipped' ? null : new Date(startedAt),
            finishedAt: e.status === 'running' ? null : new Date(e.at),
          })),
        )
        .onConflictDoUpdate({
          target: [executionSteps.executionId, executionSteps.path],
          set: {
            status: sql`excluded.status`,
            attempts: sql`greatest(excluded.attempts, ${executionSteps.attempts})`,
            output: sql`excluded.output`,
            error: sql`excluded.error`,
            finishedAt: sql`excluded.finished_at`,
            // A step run again (a goto loop, a retried run) starts again.
            startedAt: sql`case when excluded.status = 'running' then excluded.started_at else coalesce(${executionSteps.startedAt}, excluded.started_at) end`,
          },
        });
    }
    if (logs.length > 0) {
      await this.db.insert(executionLogs).values(
        logs.map((e) => ({
          orgId: e.orgId,
          executionId: e.executionId,
          level: e.level,
          stepId: e.stepId,
          message: e.message,
          data: e.data ?? null,
          at: new Date(e.at),
        })),
      );
    }
    const events: LiveEvent[] = logs.map((e) => ({
      type: 'execution.log',
      orgId: e.orgId,
      data: { execution_id: e.executionId, level: e.level, step_id: e.stepId, message: e.message, at: e.at },
    }));
    await publishEvents(this.db, events);
  }
}
