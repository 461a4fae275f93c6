import { proxyLocalActivities } from '@temporalio/workflow';
import type { ExpressionActivities } from '../../activities/expressions.js';
import { type Evaluator, ExpressionError, ExpressionLimitError, evaluate } from '../expressions/evaluate.js';
import { EXPRESSION_LIMITS } from '../expressions/limits.js';
import type { Run } from './run.js';

const { evaluateExpression } = proxyLocalActivities<ExpressionActivities>({
  // The activity's own deadline is EXPRESSION_DEADLINE_MS; this only covers a stalled worker.
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/**
 * How a run evaluates its expressions. From interpreter revision 4, an expression gets a small step
 * budget inside the sandbox, where steps are costly; one that needs more continues in a local
 * activity with the full bounds. Both the step count and the activity's recorded result are
 * deterministic, so replay takes the same path. Older runs evaluate in the sandbox with the full
 * bounds, as they always did (minus the unbounded cases, which never completed).
 */
export function evaluatorFor(run: Run): Evaluator {
  if (run.revision < 4) return evaluate;
  return async (expression, scope) => {
    try {
      return await evaluate(expression, scope, { stepLimit: EXPRESSION_LIMITS.workflowSteps });
    } catch (error) {
      if (!(error instanceof ExpressionLimitError && error.limit === 'steps')) throw error;
    }
    run.noteLocalStep();
    const result = await evaluateExpression({ expression, scope });
    if ('value' in result) return result.value;
    const { detail, limit } = result.error;
    throw limit
      ? new ExpressionLimitError(expression, limit, detail)
      : new ExpressionError(expression, detail);
  };
}
