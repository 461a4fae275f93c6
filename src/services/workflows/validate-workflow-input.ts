import { and, eq } from 'drizzle-orm';
import { workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWorkflow } from './find-workflow.js';
import { validateInput } from './validate-input.js';

/**
 * Dry-runs the input check an execution would make, without starting one: against the published
 * version a run would use, or against the draft. An invalid input is an answer, not an error.
 */
export async function validateWorkflowInput(
  ctx: ServiceContext,
  id: string,
  request: { input: Record<string, unknown>; target: 'published' | 'draft' },
) {
  requirePermission(ctx, 'workflows:read');
  const workflow = await findWorkflow(ctx.db, ctx.orgId, id);
  let definition = workflow.definition as unknown as WorkflowDefinition;
  let version: number | null = null;
  if (request.target === 'published') {
    if (workflow.publishedVersion === null) {
      throw new ApiError(
        'workflow_not_published',
        'The workflow has no published version; validate against ?target=draft',
      );
    }
    const [snapshot] = await ctx.db
      .select({ definition: workflowVersions.definition })
      .from(workflowVersions)
      .where(
        inOrg(
          workflowVersions,
          ctx.orgId,
          and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, workflow.publishedVersion)),
        ),
      );
    if (!snapshot) throw new Error(`workflow ${id} lacks its published version ${workflow.publishedVersion}`);
    definition = snapshot.definition as unknown as WorkflowDefinition;
    version = workflow.publishedVersion;
  }
  const checked = validateInput(definition, request.input);
  return {
    target: request.target,
    version,
    valid: checked.ok,
    errors: checked.ok ? [] : checked.errors,
    value: checked.ok ? checked.value : null,
  };
}
