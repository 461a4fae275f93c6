// The JSON workflow definition language. Types only: shared by the API (validation), the
// interpreter workflow and the step modules.

/** `500ms`, `30s`, `5m`, `2h`, `1d`. */
export type DurationText = string;

export type VariableType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface VariableSpec {
  type: VariableType;
  description?: string;
  /** A variable without a default is required unless `required: false`. */
  required?: boolean;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  min_length?: number;
  max_length?: number;
  pattern?: string;
}

export interface RetrySpec {
  max_attempts?: number;
  initial_interval?: DurationText;
  backoff_coefficient?: number;
  max_interval?: DurationText;
  /** Error codes (e.g. `HTTP_404`, `VALIDATION`) that stop retrying at once. */
  non_retryable_error_codes?: string[];
}

/** What happens when a step fails after its retries: fail the run, carry on, or jump to a step. */
export type OnError = 'fail' | 'continue' | { goto: string };

export interface StepDefinition<C = Record<string, unknown>> {
  id: string;
  type: string;
  name?: string;
  config: C;
  retry?: RetrySpec;
  timeout?: DurationText;
  /** A JSONata guard; the step is skipped when it evaluates falsy. */
  when?: string;
  on_error?: OnError;
}

export interface WorkflowDefinition {
  variables?: Record<string, VariableSpec>;
  steps: StepDefinition[];
  /** Optional JSONata expression for the run's output; default: the last step's output. */
  output?: unknown;
}
