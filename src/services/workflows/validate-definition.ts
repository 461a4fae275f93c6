import type { z } from 'zod';
import { WorkflowDefinitionSchema } from '../../workflows/definition/schema.js';
import type { StepDefinition, WorkflowDefinition } from '../../workflows/definition/types.js';
import { checkExpression, ExpressionError } from '../../workflows/expressions/evaluate.js';
import { expressionsIn } from '../../workflows/expressions/template.js';
import type { StepType } from '../../workflows/steps/step-type.js';
import { loadStepTypes } from './step-types.js';
import { validateVariableValue } from './validate-input.js';

/**
 * How big a definition may be, beyond what the envelope's schema caps per list: each step is code
 * the interpreter walks in a workflow task, and every run replays it.
 */
export const DEFINITION_LIMITS = {
  /** The definition's JSON text, in characters. */
  size: 512 * 1024,
  /** Steps in the whole tree, nested ones included. */
  totalSteps: 1000,
  /** Step lists inside step lists (a parallel inside a foreach inside a condition…). */
  nestingDepth: 8,
} as const;

export interface DefinitionProblem {
  path: string;
  message: string;
  code: string;
}

export type DefinitionCheck =
  | { ok: true; definition: WorkflowDefinition }
  | { ok: false; errors: DefinitionProblem[] };

/**
 * Everything that can be checked before a run: the envelope, each step's config against its type's
 * schema (with defaults applied), unique step ids across the whole tree, `goto` targets in the same
 * list, expression syntax, and variable defaults against their own specs.
 */
export async function validateDefinition(raw: unknown): Promise<DefinitionCheck> {
  const size = JSON.stringify(raw ?? null).length;
  if (size > DEFINITION_LIMITS.size) {
    return {
      ok: false,
      errors: [
        {
          path: 'definition',
          code: 'definition_too_large',
          message: `The definition is ${size} characters of JSON; at most ${DEFINITION_LIMITS.size}`,
        },
      ],
    };
  }
  const parsed = WorkflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: zodProblems(parsed.error, 'definition') };
  const registry = await loadStepTypes();
  const errors: DefinitionProblem[] = [];
  const seenIds = new Set<string>();
  let totalSteps = 0;

  // Replaces each step in place with its checked version (config defaults applied): nested lists are
  // the very arrays inside their parent's parsed config, so the stored definition gets them too.
  const checkList = (steps: StepDefinition[], path: string, depth: number): StepDefinition[] => {
    if (depth > DEFINITION_LIMITS.nestingDepth) {
      errors.push({
        path,
        code: 'nesting_too_deep',
        message: `Step lists nest at most ${DEFINITION_LIMITS.nestingDepth} deep`,
      });
      return steps;
    }
    totalSteps += steps.length;
    const idsHere = new Set(steps.map((s) => s.id));
    steps.forEach((step, index) => {
      steps[index] = checkStep(step, index);
    });
    return steps;

    function checkStep(step: StepDefinition, index: number): StepDefinition {
      const at = `${path}[${index}]`;
      if (seenIds.has(step.id))
        errors.push({
          path: `${at}.id`,
          code: 'duplicate_step_id',
          message: `Step id ${step.id} is used twice`,
        });
      seenIds.add(step.id);
      if (typeof step.on_error === 'object' && !idsHere.has(step.on_error.goto)) {
        errors.push({
          path: `${at}.on_error.goto`,
          code: 'unknown_goto',
          message: `No step ${step.on_error.goto} in the same list`,
        });
      }
      if (step.when !== undefined) checkExpressionAt(step.when, `${at}.when`);
      const stepType = registry.get(step.type);
      if (!stepType) {
        errors.push({
          path: `${at}.type`,
          code: 'unknown_step_type',
          message: `Unknown step type ${step.type}; known: ${[...registry.keys()].join(', ')}`,
        });
        return step;
      }
      return checkConfig(step, stepType, at, depth);
    }
  };

  const checkConfig = (
    step: StepDefinition,
    stepType: StepType<unknown>,
    at: string,
    depth: number,
  ): StepDefinition => {
    const config = stepType.config.safeParse(step.config);
    if (!config.success) {
      errors.push(...zodProblems(config.error, `${at}.config`));
      return step;
    }
    for (const expression of expressionsIn(step.config)) checkExpressionAt(expression, `${at}.config`);
    // Nested lists are checked where the step type says they are, then kept with defaults applied.
    for (const [n, children] of (stepType.children?.(config.data) ?? []).entries()) {
      checkList(children, `${at}.config.<branch ${n}>`, depth + 1);
    }
    return { ...step, config: config.data as Record<string, unknown> };
  };

  const checkExpressionAt = (expression: string, path: string) => {
    try {
      checkExpression(expression);
    } catch (error) {
      if (error instanceof ExpressionError)
        errors.push({ path, code: 'invalid_expression', message: error.message });
      else throw error;
    }
  };

  const steps = checkList(parsed.data.steps as StepDefinition[], 'definition.steps', 1);
  if (totalSteps > DEFINITION_LIMITS.totalSteps) {
    errors.push({
      path: 'definition.steps',
      code: 'too_many_steps',
      message: `The definition has ${totalSteps} steps, nested ones included; at most ${DEFINITION_LIMITS.totalSteps}`,
    });
  }
  for (const [name, spec] of Object.entries(parsed.data.variables ?? {})) {
    if (spec.default === undefined) continue;
    const problem = validateVariableValue(spec, spec.default);
    if (problem)
      errors.push({
        path: `definition.variables.${name}.default`,
        code: 'invalid_default',
        message: problem,
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, definition: { ...(parsed.data as WorkflowDefinition), steps } };
}

export function zodProblems(error: z.ZodError, prefix: string): DefinitionProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}
