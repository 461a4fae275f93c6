import { z } from 'zod';
import { checkExpression, ExpressionError } from '../expressions/evaluate.js';

/** JSONata's complaint about an expression's syntax, or null when it parses. */
export function expressionProblem(expression: string): string | null {
  try {
    checkExpression(expression);
    return null;
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
}

/**
 * A bare JSONata expression in a step config (`if`, `items`, `value`). Its syntax is checked when
 * the definition is validated, the way `{{ }}` templates are, so a typo fails at save, not mid-run.
 */
export const ExpressionSchema = z
  .string()
  .min(1)
  .max(10_000)
  .superRefine((expression, ctx) => {
    const problem = expressionProblem(expression);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('A JSONata expression over { input, vars, steps, execution }');

/** Names a loop variable may not take: they would hide the run's own data in expressions. */
export const RESERVED_SCOPE_NAMES = ['input', 'vars', 'steps', 'execution', 'index'];
