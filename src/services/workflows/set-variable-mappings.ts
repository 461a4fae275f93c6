import { eq } from 'drizzle-orm';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { validationFailed } from '../../lib/errors.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { checkExpression, ExpressionError } from '../../workflows/expressions/evaluate.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { assertEditable, findWorkflow } from './find-workflow.js';
import { toVariablesResource, type VariablesResource } from './workflow-variables.js';

/**
 * Replaces the mappings `{ variable: JSONata expression }` that triggers evaluate against their
 * payload to fill a run's input. Each name must be a variable of the draft and each expression
 * must parse; every problem is reported at once. Mappings live beside the definition, not in
 * it, so they change without a new draft revision or version.
 */
export async function setVariableMappings(
  ctx: ServiceContext,
  id: string,
  mappings: Record<string, string>,
): Promise<VariablesResource> {
  requirePermission(ctx, 'workflows:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current);
    const variables = (current.definition as unknown as WorkflowDefinition).variables ?? {};
    const errors: { path: string; message: string; code: string }[] = [];
    for (const [name, expression] of Object.entries(mappings)) {
      const path = `mappings.${name}`;
      if (!Object.hasOwn(variables, name))
        errors.push({ path, code: 'unknown_variable', message: `${name} is not a variable of the draft` });
      try {
        checkExpression(expression);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        errors.push({ path, code: 'invalid_expression', message: error.message });
      }
    }
    if (errors.length > 0) {
      throw validationFailed('mappings', errors);
    }
    const [updated] = await tx
      .update(workflows)
      .set({ variableMappings: mappings, updatedAt: new Date() })
      .where(inOrg(workflows, ctx.orgId, eq(workflows.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.update',
      resourceType: 'workflow',
      resourceId: id,
      details: { fields: ['variable_mappings'], mappings: Object.keys(mappings) },
    });
    return updated ?? current;
  });
  return toVariablesResource(row);
}
