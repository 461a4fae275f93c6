import { requirePermission, type ServiceContext } from '../context.js';
import { createWorkflow } from '../workflows/create-workflow.js';
import type { WorkflowResource } from '../workflows/workflow-resource.js';
import { findTemplate } from './list-templates.js';

/**
 * A new draft workflow from a built-in template, through the same path as any created workflow
 * (validation, audit), whose audit row names the template. Needs `workflows:write` only: the
 * catalogue is public knowledge, the new workflow is what is being authorized.
 */
export async function instantiateTemplate(
  ctx: ServiceContext,
  id: string,
  options: { name?: string },
): Promise<WorkflowResource> {
  requirePermission(ctx, 'workflows:write');
  const template = findTemplate(id);
  return createWorkflow(ctx, {
    name: options.name ?? template.name,
    description: template.description,
    tags: template.tags,
    definition: template.definition,
    origin: { template_id: template.id },
  });
}
