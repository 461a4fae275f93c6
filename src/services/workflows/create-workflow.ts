import { workflows } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { asJson, requireValidDefinition } from './definition-errors.js';
import { toWorkflowResource, type WorkflowResource } from './workflow-resource.js';

export interface CreateWorkflowInput {
  name: string;
  description?: string;
  tags?: string[];
  definition: unknown;
  /** Extra audit details naming where the draft came from (`template_id`). */
  origin?: Record<string, unknown>;
}

/** Creates a draft: validated, stored with defaults applied, not runnable until published. */
export async function createWorkflow(
  ctx: ServiceContext,
  input: CreateWorkflowInput,
): Promise<WorkflowResource> {
  requirePermission(ctx, 'workflows:write');
  const definition = await requireValidDefinition(input.definition);
  const id = newId('wf');
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(workflows)
      .values({
        id,
        orgId: ctx.orgId,
        name: input.name,
        description: input.description ?? '',
        status: 'draft',
        definition: asJson(definition),
        tags: uniqueTags(input.tags ?? []),
        createdBy: ctx.actor.id,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.create',
      resourceType: 'workflow',
      resourceId: id,
      details: { name: input.name, ...input.origin },
    });
    return inserted;
  });
  if (!row) throw new Error('insert returned no row');
  return toWorkflowResource(row);
}

export function uniqueTags(tags: string[]): string[] {
  return [...new Set(tags)];
}
