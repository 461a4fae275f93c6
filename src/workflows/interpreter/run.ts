import { proxySinks, workflowInfo } from '@temporalio/workflow';
import { ApprovalBoard } from '../approvals/board.js';
import type { ExecutionInput, ResumeState } from '../execution-input.js';
import type { ExecutionSinks, StepEvent } from '../sinks.js';
import type { LoopProgress } from '../steps/step-type.js';
import { type InterpreterRevision, interpreterRevision } from './revision.js';

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
  /** Set on the top level only: continues the run as new from inside a loop step. */
  checkpoint?: (foreach: NonNullable<ResumeState['foreach']>) => Promise<never>;
}

const { readModel } = proxySinks<ExecutionSinks>();

/** The state of one run: variables, the read-model event sequence, and the run's identity. */
export class Run {
  readonly vars: Record<string, unknown>;
  seq: number;
  /** Approval requests of this run; held here so the workflow's Update handlers and steps share them. */
  readonly approvals = new ApprovalBoard();
  /** Decided when the run starts and kept for its whole life (see revision.ts). */
  readonly revision: InterpreterRevision = interpreterRevision();
  private foreachResume: ResumeState['foreach'];
  /** History length when a local-activity step was last scheduled: it grows with each new workflow task. */
  private localStepTask: number | undefined;

  constructor(readonly input: ExecutionInput) {
    this.vars = { ...input.input, ...input.resume?.vars };
    this.seq = input.resume?.seq ?? 0;
    this.foreachResume = input.resume?.foreach;
  }

  /** The carried-over loop position, handed out once: a later pass of the same step starts afresh. */
  takeForeachResume(stepId: string): LoopProgress | undefined {
    const resume = this.foreachResume;
    if (resume?.stepId !== stepId) return undefined;
    this.foreachResume = undefined;
    return { nextIndex: resume.nextIndex, results: resume.results };
  }

  /** A step is about to run as a local activity (its marker is written when this workflow task completes). */
  noteLocalStep(): void {
    this.localStepTask = workflowInfo().historyLength;
  }

  /** Whether local-activity steps ran in the current workflow task, so their markers are not yet in history. */
  hasUncommittedLocalSteps(): boolean {
    return this.localStepTask !== undefined && this.localStepTask === workflowInfo().historyLength;
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
