import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflows, workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { VariableSpec, WorkflowDefinition } from '../../workflows/definition/types.js';
import { ExpressionError, evaluate } from '../../workflows/expressions/evaluate.js';

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
  const [workflow] = await db
    .select()
    .from(workflows)
    .where(inOrg(workflows, orgId, eq(workflows.id, workflowId), isNull(workflows.deletedAt)));
  if (!workflow) return null;
  const draft = workflow.definition as unknown as WorkflowDefinition;
  let definition = draft;
  if (workflow.publishedVersion !== null) {
    const [published] = await db
      .select({ definition: workflowVersions.definition })
      .from(workflowVersions)
      .where(
        and(
          inOrg(workflowVersions, orgId, eq(workflowVersions.workflowId, workflowId)),
          eq(workflowVersions.version, workflow.publishedVersion),
        ),
      );
    if (published) definition = published.definition as unknown as WorkflowDefinition;
  }
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
  for (const [name, expression] of Object.entries(mappings)) {
    if (!Object.hasOwn(target.variables, name)) continue;
    try {
      const value = await evaluate(expression, scope as unknown as Record<string, unknown>);
      if (value !== null) input[name] = value;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      errors.push({ path: `mappings.${name}`, code: 'mapping_failed', message: error.message });
    }
  }
  return { input, errors };
}
