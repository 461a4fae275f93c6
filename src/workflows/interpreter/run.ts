import { proxySinks } from '@temporalio/workflow';
import type { ExecutionInput } from '../execution-input.js';
import type { ExecutionSinks, StepEvent } from '../sinks.js';

export interface StepRecord {
  status: StepEvent['status'];
  output: unknown;
  error?: { code: string; message: string } | null;
}

/** A list of steps being run: its step outputs (the `steps` of expressions) and its path prefix. */
export interface Frame {
  steps: Record<string, StepRecord>;
  pathPrefix: string;
  extraScope: Record<string, unknown>;
  /** Only the top level may continue-as-new (its position is all the state there is). */
  topLevel: boolean;
}

const { readModel } = proxySinks<ExecutionSinks>();

/** The state of one run: variables, the read-model event sequence, and the run's identity. */
export class Run {
  readonly vars: Record<string, unknown>;
  seq: number;

  constructor(readonly input: ExecutionInput) {
    this.vars = { ...input.input, ...input.resume?.vars };
    this.seq = input.resume?.seq ?? 0;
  }

  executionScope() {
    const { executionId, workflowId, version, trigger, startedAt } = this.input;
    return { id: executionId, workflow_id: workflowId, version, trigger, started_at: startedAt };
  }

  scopeFor(frame: Frame): Record<string, unknown> {
    return {
      input: this.input.input,
      vars: this.vars,
      steps: frame.steps,
      execution: this.executionScope(),
      ...frame.extraScope,
    };
  }

  emitStep(event: Omit<StepEvent, 'executionId' | 'orgId' | 'at'>): void {
    readModel.step({
      ...event,
      executionId: this.input.executionId,
      orgId: this.input.orgId,
      at: new Date().toISOString(),
    });
  }

  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    stepId: string | null,
    message: string,
    data?: unknown,
  ): void {
    readModel.log({
      executionId: this.input.executionId,
      orgId: this.input.orgId,
      level,
      stepId,
      message,
      data,
      at: new Date().toISOString(),
    });
  }
}
