import type { VariableSpec, WorkflowDefinition } from '../../workflows/definition/types.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow, type WorkflowRow } from './find-workflow.js';

/** The draft's variable specs and the payload→variable mappings triggers use. */
export function toVariablesResource(row: WorkflowRow) {
  const definition = row.definition as unknown as WorkflowDefinition;
  return {
    workflow_id: row.id,
    draft_revision: row.draftRevision,
    variables: (definition.variables ?? {}) as Record<string, VariableSpec>,
    mappings: row.variableMappings,
  };
}

export type VariablesResource = ReturnType<typeof toVariablesResource>;

export async function getWorkflowVariables(ctx: ServiceContext, id: string): Promise<VariablesResource> {
  requirePermission(ctx, 'workflows:read');
  return toVariablesResource(await findWorkflow(ctx.db, ctx.orgId, id));
}
