import type { Db } from '../../db/client.js';
import type { VariableSpec, WorkflowDefinition } from '../../workflows/definition/types.js';
import { ExpressionError, ExpressionLimitError, evaluate } from '../../workflows/expressions/evaluate.js';
import { EXPRESSION_DEADLINE_MS } from '../../workflows/expressions/limits.js';
import { type LaunchTarget, loadLaunchTarget } from '../executions/launch-target.js';

/** What a mapping expression sees. */
export interface MappingScope {
  payload: unknown;
  headers: Record<string, string>;
  trigger: Record<string, unknown>;
}

export interface MappingProblem {
  path: string;
  message: string;
  code: string;
}

export interface MappingTarget {
  /** The variables of the version a run would use (the published one, else the draft). */
  variables: Record<string, VariableSpec>;
  /** The draft's variable names: mappings may name a variable not yet published. */
  draftVariables: string[];
  /** The workflow's own payload mappings, used when the trigger has none. */
  workflowMappings: Record<string, string>;
}

/** The workflow's variables and mappings, or null when it is not a live workflow of the org. */
export async function loadMappingTarget(
  db: Db,
  orgId: string,
  workflowId: string,
): Promise<MappingTarget | null> {
  const target = await loadLaunchTarget(db, orgId, workflowId);
  return target && !target.workflow.deletedAt ? mappingTargetOf(target) : null;
}

/** What the mappings map to, from the workflow and the version a run of it would use. */
export function mappingTargetOf({ workflow, definition: published }: LaunchTarget): MappingTarget {
  const draft = workflow.definition as unknown as WorkflowDefinition;
  const definition = published ?? draft;
  return {
    variables: definition.variables ?? {},
    draftVariables: Object.keys(draft.variables ?? {}),
    workflowMappings: workflow.variableMappings,
  };
}

/**
 * A run's input from a trigger's payload: the trigger's mappings, else the workflow's, else the
 * payload's own fields that are named like variables. Only variables are kept; an expression
 * that matches nothing leaves its variable out, so the variable's default applies.
 */
export async function mapInput(
  triggerMappings: Record<string, string>,
  target: MappingTarget,
  scope: MappingScope,
): Promise<{ input: Record<string, unknown>; errors: MappingProblem[] }> {
  const input: Record<string, unknown> = {};
  const errors: MappingProblem[] = [];
  const mappings = Object.keys(triggerMappings).length > 0 ? triggerMappings : target.workflowMappings;
  if (Object.keys(mappings).length === 0) {
    const payload = scope.payload;
    if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
      for (const name of Object.keys(target.variables)) {
        if (Object.hasOwn(payload, name)) input[name] = (payload as Record<string, unknown>)[name];
      }
    }
    return { input, errors };
  }
  // These run on the API's thread: all of one payload's mappings share one wall-clock deadline.
  const deadline = Date.now() + EXPRESSION_DEADLINE_MS;
  for (const [name, expression] of Object.entries(mappings)) {
    if (!Object.hasOwn(target.variables, name)) continue;
    try {
      const value = await evaluate(expression, scope as unknown as Record<string, unknown>, {
        deadlineMs: Math.max(1, deadline - Date.now()),
      });
      if (value !== null) input[name] = value;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const code = error instanceof ExpressionLimitError ? 'expression_limit' : 'mapping_failed';
      errors.push({ path: `mappings.${name}`, code, message: error.message });
    }
  }
  return { input, errors };
}
