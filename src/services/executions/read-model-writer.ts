import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { executionLogs, executionSteps } from '../../db/schema/index.js';
import { unavailableDependency } from '../../lib/dependency-errors.js';
import type { LogEvent, StepEvent } from '../../workflows/sinks.js';
import { type LiveEvent, publishEvents } from '../events/publish.js';

/** After a failed write, how long the kept batch waits before the next try. */
const RETRY_DELAY_MS = 1000;

type BufferedStep = { event: StepEvent; startedAt: string };

/** What a step row says when the database refused its output or error as they were. */
const NOT_STORED = {
  code: 'STEP_RECORD_REFUSED',
  message: "The database refused this step's output or error; see the run in Temporal for them",
};

function stepWithoutData(entry: BufferedStep): BufferedStep {
  return { ...entry, event: { ...entry.event, output: null, error: NOT_STORED } };
}

function logWithoutData(event: LogEvent): LogEvent {
  return { ...event, message: event.message.slice(0, 1000), data: { not_stored: NOT_STORED.message } };
}

/**
 * Buffers the interpreter's step and log events and writes them in batches, off the workflow's
 * hot path: one multi-row upsert per flush instead of a database round trip per step.
 */
export class ReadModelWriter {
  /** Per step path: its newest event and when it first started. */
  private steps = new Map<string, BufferedStep>();
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

  /**
   * Writes everything buffered so far. Rejects when the database refused the batch, which stays
   * buffered for the next try: the outcome activity calls this before the final status, so a run
   * is never recorded as finished while its steps are still unwritten.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const attempt = this.flushing.then(() => this.write());
    this.flushing = attempt.catch((error: unknown) => {
      this.logger.error({ err: error }, 'read-model flush failed; the batch is kept and retried');
      this.schedule(RETRY_DELAY_MS);
    });
    return attempt;
  }

  private schedule(delayMs = this.delayMs): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // A failure is logged and retried by flush itself.
      this.flush().catch(() => undefined);
    }, delayMs);
  }

  private async write(): Promise<void> {
    const steps = [...this.steps.values()];
    const logs = this.logs;
    this.steps = new Map();
    this.logs = [];
    if (steps.length === 0 && logs.length === 0) return;
    let stepsWritten = false;
    try {
      if (steps.length > 0) await this.isolated(steps, (rows) => this.writeSteps(rows), stepWithoutData);
      stepsWritten = true;
      if (logs.length > 0) await this.isolated(logs, (rows) => this.writeLogs(rows), logWithoutData);
    } catch (error) {
      // Only an unreachable database gets here (isolated() settles every refused row): keep the batch.
      if (!stepsWritten) this.requeueSteps(steps);
      this.logs = [...logs, ...this.logs];
      throw error;
    }
    const events: LiveEvent[] = logs.map((e) => ({
      type: 'execution.log',
      orgId: e.orgId,
      data: { execution_id: e.executionId, level: e.level, step_id: e.stepId, message: e.message, at: e.at },
    }));
    // Live notifications only: the rows above are the record, so a lost notification is not retried.
    await publishEvents(this.db, events).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'live log events not published'),
    );
  }

  /**
   * Writes a batch of rows, many runs' and many organizations' together, so that no row can take
   * the others down with it. When the database refuses the batch (not when it is unreachable:
   * that rejects, and the caller keeps the batch), each row is written on its own; a row refused
   * again is written without its data (`withoutData`, which says why), and a row refused even
   * then is logged and dropped, never retried forever.
   */
  private async isolated<Row>(
    rows: Row[],
    write: (rows: Row[]) => Promise<void>,
    withoutData: (row: Row) => Row,
  ): Promise<void> {
    const attempt = async (batch: Row[]): Promise<unknown> => {
      try {
        await write(batch);
        return null;
      } catch (error) {
        if (unavailableDependency(error) === 'database') throw error;
        return error;
      }
    };
    const refused = await attempt(rows);
    if (!refused || rows.length === 0) return;
    for (const row of rows) {
      if (rows.length > 1 && !(await attempt([row]))) continue;
      const again = await attempt([withoutData(row)]);
      if (again) this.logger.error({ err: again }, 'read-model row refused by the database; dropped');
      else this.logger.warn({ err: refused }, 'read-model row stored without its data');
    }
  }

  /** A failed batch goes back under anything newer, keeping its first start time and sequence. */
  private requeueSteps(steps: BufferedStep[]): void {
    for (const entry of steps) {
      const key = `${entry.event.executionId}\u0000${entry.event.path}`;
      const newer = this.steps.get(key);
      this.steps.set(
        key,
        newer ? { event: { ...newer.event, seq: entry.event.seq }, startedAt: entry.startedAt } : entry,
      );
    }
  }

  private async writeSteps(steps: BufferedStep[]): Promise<void> {
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

  private async writeLogs(logs: LogEvent[]): Promise<void> {
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
}
