import { arch, hostname, platform } from 'node:os';
import { type ApiClient, type ClaimedTask, FatalApiError, type TaskReport } from './api-client.js';
import type { TaskHandler } from './handlers/index.js';
import { TaskError } from './task-error.js';

export interface RobotOptions {
  api: ApiClient;
  handlers: Record<string, TaskHandler>;
  workDir: string;
  allowedCommands: ReadonlySet<string>;
  commandTimeoutMs: number;
  /** Tasks run at once here; the server also caps claims at the robot's max_concurrency. */
  concurrency: number;
  heartbeatSeconds: number;
  waitSeconds: number;
  version: string;
  log(message: string, data?: Record<string, unknown>): void;
}

interface InHand {
  task: ClaimedTask;
  controller: AbortController;
  /** The server cancelled it: stop and report nothing. */
  cancelled: boolean;
  /** The robot is being stopped hard: give it back as a retryable failure. */
  handBack: boolean;
  done: Promise<void>;
}

const RETRY_DELAY_MS = 2000;

/**
 * The robot's loop: claim (long-polling) while it has room, run each task with its handler, report
 * the result; heartbeat on a timer with the tasks in hand, and stop those the server cancels.
 * `stop()` ends claiming and lets running tasks finish; `stop(true)` hands them back.
 */
export class Robot {
  private agentId: string | null = null;
  private readonly inHand = new Map<string, InHand>();
  private stopping = false;
  private readonly claimAbort = new AbortController();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatMs: number;
  private wake: (() => void) | undefined;
  private fatal: Error | undefined;

  constructor(private readonly options: RobotOptions) {
    this.heartbeatMs = options.heartbeatSeconds * 1000;
  }

  /** Resolves once stopped and every task is finished or handed back; rejects on a fatal answer. */
  async run(): Promise<void> {
    const types = Object.keys(this.options.handlers);
    this.options.log('robot started', { task_types: types, work_dir: this.options.workDir });
    while (!this.stopping) {
      if (this.inHand.size >= this.options.concurrency) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      let claimed: Awaited<ReturnType<ApiClient['claim']>>;
      try {
        // The first claim answers at once: it tells the robot its id, and heartbeats start.
        const wait = this.agentId ? this.options.waitSeconds : 0;
        claimed = await this.options.api.claim(wait, types, this.claimAbort.signal);
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof FatalApiError) {
          this.fail(error);
          break;
        }
        this.options.log('claim failed; trying again', { error: (error as Error).message });
        await sleep(RETRY_DELAY_MS);
        continue;
      }
      if (!this.agentId) {
        this.agentId = claimed.agentId;
        this.options.log('robot online', { agent_id: this.agentId });
        this.scheduleHeartbeat(0);
      }
      if (!claimed.task) continue;
      if (this.stopping) {
        await this.report(claimed.task, shutdownReport('the robot was stopping when it got the task'));
        break;
      }
      this.start(claimed.task);
    }
    await Promise.allSettled([...this.inHand.values()].map((entry) => entry.done));
    clearTimeout(this.heartbeatTimer);
    if (this.agentId && !this.fatal) await this.heartbeat('stopped').catch(() => undefined);
    this.options.log('robot stopped');
    if (this.fatal) throw this.fatal;
  }

  stop(hard = false): void {
    if (!this.stopping)
      this.options.log(hard ? 'stopping now, handing back tasks' : 'stopping after the tasks in hand');
    this.stopping = true;
    this.claimAbort.abort();
    this.wake?.();
    if (hard) {
      for (const entry of this.inHand.values()) {
        entry.handBack = true;
        entry.controller.abort();
      }
    }
  }

  private start(task: ClaimedTask): void {
    const entry: InHand = {
      task,
      controller: new AbortController(),
      cancelled: false,
      handBack: false,
      done: Promise.resolve(),
    };
    this.inHand.set(task.id, entry);
    this.options.log('claimed task', { task_id: task.id, task_type: task.task_type, attempt: task.attempt });
    if (
      task.heartbeat_interval_seconds !== null &&
      task.heartbeat_interval_seconds * 1000 < this.heartbeatMs
    ) {
      this.heartbeatMs = task.heartbeat_interval_seconds * 1000;
      this.scheduleHeartbeat(this.heartbeatMs);
    }
    entry.done = this.execute(entry).finally(() => {
      this.inHand.delete(task.id);
      this.wake?.();
    });
  }

  private async execute(entry: InHand): Promise<void> {
    const { task } = entry;
    const handler = this.options.handlers[task.task_type];
    let report: TaskReport;
    try {
      if (!handler)
        throw new TaskError('UNSUPPORTED_TASK_TYPE', `This robot has no ${task.task_type} handler`, true);
      const output = await handler(task.payload, {
        signal: entry.controller.signal,
        workDir: this.options.workDir,
        allowedCommands: this.options.allowedCommands,
        commandTimeoutMs: this.options.commandTimeoutMs,
      });
      report = { status: 'success', output: output ?? null };
    } catch (error) {
      if (entry.cancelled) {
        this.options.log('cancelled task', { task_id: task.id });
        return;
      }
      report = entry.handBack
        ? shutdownReport('the robot was stopped while working on it')
        : error instanceof TaskError
          ? {
              status: 'failure',
              error: { code: error.code, message: error.message },
              retryable: error.retryable,
            }
          : {
              status: 'failure',
              error: { code: 'HANDLER_ERROR', message: (error as Error).message },
              retryable: false,
            };
    }
    await this.report(task, report);
  }

  private async report(task: ClaimedTask, report: TaskReport): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const accepted = await this.options.api.report(task.id, report);
        const what = report.status === 'success' ? 'completed task' : `failed task (${report.error.code})`;
        this.options.log(accepted ? what : 'result refused: the task is no longer ours', {
          task_id: task.id,
        });
        return;
      } catch (error) {
        if (error instanceof FatalApiError || attempt >= 5) {
          this.options.log('could not report the result', {
            task_id: task.id,
            error: (error as Error).message,
          });
          return;
        }
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  private scheduleHeartbeat(delayMs: number): void {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeat(this.inHand.size > 0 ? 'busy' : 'idle')
        .catch((error: Error) => {
          if (error instanceof FatalApiError) this.fail(error);
          else this.options.log('heartbeat failed', { error: error.message });
        })
        .finally(() => {
          if (!this.fatal && !(this.stopping && this.inHand.size === 0))
            this.scheduleHeartbeat(this.heartbeatMs);
        });
    }, delayMs);
  }

  private async heartbeat(status: string): Promise<void> {
    if (!this.agentId) return;
    const answer = await this.options.api.heartbeat(this.agentId, {
      status,
      version: this.options.version,
      host: {
        hostname: hostname(),
        platform: platform(),
        arch: arch(),
        pid: process.pid,
        node: process.version,
      },
      current_load: this.inHand.size,
      task_ids: [...this.inHand.keys()],
    });
    for (const id of answer.cancel_task_ids) {
      const entry = this.inHand.get(id);
      if (!entry) continue;
      this.options.log('server cancelled task', { task_id: id });
      entry.cancelled = true;
      entry.controller.abort();
    }
  }

  /** A refused token (rotated, robot deleted): nothing more can be reported, so stop at once. */
  private fail(error: Error): void {
    this.fatal = error;
    this.options.log('the server refused this robot', { error: error.message });
    for (const entry of this.inHand.values()) {
      entry.cancelled = true;
      entry.controller.abort();
    }
    this.stop();
  }
}

function shutdownReport(message: string): TaskReport {
  return { status: 'failure', error: { code: 'ROBOT_SHUTDOWN', message }, retryable: true };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
