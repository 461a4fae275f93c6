import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { z } from 'zod';
import type { ApprovalBoard } from '../approvals/board.js';
import type { StepDefinition } from '../definition/types.js';
import type { ExecutionInput } from '../execution-input.js';
import type { Scope } from '../expressions/evaluate.js';
import type { InterpreterRevision } from '../interpreter/revision.js';

/** What a step type's `run` gets: expression tools, nested execution, activity options, logging. */
export interface StepContext {
  /** The step's path in the run: `call`, `branch.call`, `loop[2].call`. */
  path: string;
  execution: Pick<
    ExecutionInput,
    'executionId' | 'orgId' | 'workflowId' | 'version' | 'trigger' | 'subWorkflowDepth'
  >;
  /** The run's interpreter revision (revision.ts): behaviour added later applies from its revision on. */
  revision: InterpreterRevision;
  /** `{ input, vars, steps, execution }` plus loop variables (`item`, `index`) inside loops. */
  scope: Scope;
  evaluate(expression: string): Promise<unknown>;
  /** Renders `{{ }}` templates in a config value. */
  render<T = unknown>(value: unknown): Promise<T>;
  /**
   * Runs a nested list of steps (a branch or a loop body) and returns the output of its last step.
   * `iteration` scopes step outputs and paths to one loop pass; `extraScope` adds loop variables.
   */
  runSteps(
    steps: StepDefinition[],
    options?: { label?: string; iteration?: number; extraScope?: Scope },
  ): Promise<unknown>;
  /** Temporal activity options from the step's `retry` and `timeout`. */
  activityOptions(): ActivityOptions;
  /**
   * Local-activity options when the step is short (its timeout is at most 10 s) and the run is of
   * interpreter revision 2 (runs recorded before it replay with regular activities); else undefined.
   */
  localActivityOptions(): LocalActivityOptions | undefined;
  setVar(name: string, value: unknown): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: unknown): void;
  /** Records the attempt count a step's activity reported (shown per step in the API). */
  reportAttempts(attempts: number): void;
  /** Where a top-level loop stopped when the run continued as new; set once, in the next run. */
  resumeForeach?: LoopProgress;
  /**
   * Continues the run as new, carrying the loop's progress; never returns. Only present for
   * top-level steps: nested positions cannot be carried over, so nested loops never checkpoint.
   */
  checkpoint?(progress: LoopProgress): Promise<never>;
  /** The run's approval requests: the `approval` step opens them, the decision Update reads them. */
  approvals: ApprovalBoard;
}

/** A loop's position: the next item to run and the outputs gathered so far, in item order. */
export interface LoopProgress {
  nextIndex: number;
  results: unknown[];
}

/**
 * One step type = one module under `steps/types/`: the schema of its `config` and how it runs.
 * Both registries (the workflow bundle's and the API's) discover modules in that folder, so a new
 * step type touches no other file.
 */
export interface StepType<C = Record<string, unknown>> {
  type: string;
  description: string;
  config: z.ZodType<C>;
  /** Nested step lists inside the config (branches, loop bodies), for validation and tooling. */
  children?(config: C): StepDefinition[][];
  run(ctx: StepContext, step: StepDefinition<C>): Promise<unknown>;
}

export function defineStepType<C>(stepType: StepType<C>): StepType<C> {
  return stepType;
}
