import {
  ExpressionError,
  ExpressionLimitError,
  evaluate,
  type Scope,
} from '../workflows/expressions/evaluate.js';
import { EXPRESSION_DEADLINE_MS } from '../workflows/expressions/limits.js';

export interface EvaluateExpressionInput {
  expression: string;
  scope: Scope;
}

/** The outcome as data: an expression's failure is its step's failure, never a reason to retry. */
export type EvaluateExpressionResult =
  | { value: unknown }
  | { error: { detail: string; limit?: ExpressionLimitError['limit'] } };

/**
 * Evaluates an expression too long for the workflow sandbox (see EXPRESSION_LIMITS.workflowSteps),
 * as a local activity: outside the sandbox's per-promise stack capture, with the full step bound and
 * a wall-clock deadline. Its result is recorded in the run's history, so replay reads it back.
 * `$now()` here is the worker's clock rather than the workflow task's time.
 */
export function createExpressionActivities() {
  return {
    async evaluateExpression(input: EvaluateExpressionInput): Promise<EvaluateExpressionResult> {
      try {
        return {
          value: await evaluate(input.expression, input.scope, { deadlineMs: EXPRESSION_DEADLINE_MS }),
        };
      } catch (error) {
        if (error instanceof ExpressionLimitError)
          return { error: { detail: error.detail, limit: error.limit } };
        if (error instanceof ExpressionError) return { error: { detail: error.detail } };
        throw error;
      }
    },
  };
}

export type ExpressionActivities = ReturnType<typeof createExpressionActivities>;
