import type { WorkflowDefinition } from './definition/types.js';

/** What the API passes to the interpreter: a frozen snapshot, so edits never reach a running run. */
export interface ExecutionInput {
  executionId: string;
  orgId: string;
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  /** Variables after validation and defaults. */
  input: Record<string, unknown>;
  trigger: string;
  startedAt: string;
  /** Set when retrying from the failed step, or when a run continues as new. */
  resume?: ResumeState;
  /** How many `sub_workflow` steps deep this run is: absent (0) for a run started any other way. */
  subWorkflowDepth?: number;
}

export interface ResumeState {
  /** Outputs of top-level steps that already completed; they are not run again. */
  completed: Record<string, unknown>;
  vars?: Record<string, unknown>;
  /** Top-level step index to continue from (continue-as-new). */
  stepIndex?: number;
  /** A top-level foreach interrupted by continue-as-new: where it stopped and what it gathered. */
  foreach?: { stepId: string; nextIndex: number; results: unknown[] };
  /** Step sequence counter, so read-model rows keep their order across runs of the chain. */
  seq?: number;
}

export interface ExecutionOutcome {
  executionId: string;
  orgId: string;
  status: 'completed' | 'failed' | 'cancelled';
  output?: unknown;
  error?: { code: string; message: string; step_id?: string | null } | null;
}

/** The interpreter's workflow type name, as registered and as the API starts it. */
export const INTERPRETER_WORKFLOW_TYPE = 'conveyorWorkflow';
