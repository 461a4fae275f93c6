import type { Sinks } from '@temporalio/workflow';

/**
 * Read-model events the interpreter emits. Sinks are not recorded in history and are not called
 * again on replay, so keeping Postgres current adds no activity and no event to a run. The worker
 * writes them in batches; the run's final outcome goes through a durable local activity instead.
 */
export interface StepEvent {
  executionId: string;
  orgId: string;
  path: string;
  stepId: string;
  type: string;
  status: 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
  /** Order of first appearance within the run. */
  seq: number;
  attempts?: number;
  output?: unknown;
  error?: { code: string; message: string } | null;
  at: string;
}

export interface LogEvent {
  executionId: string;
  orgId: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  stepId: string | null;
  message: string;
  data?: unknown;
  at: string;
}

export interface ExecutionSinks extends Sinks {
  readModel: {
    step(event: StepEvent): void;
    log(event: LogEvent): void;
  };
}
