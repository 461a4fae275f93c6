import { desc, eq } from 'drizzle-orm';
import { workflows, workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { asJson, requireValidDefinition } from './definition-errors.js';
import { findWorkflow } from './find-workflow.js';
import { workflowDetail } from './get-workflow.js';
import { sameJson } from './same-json.js';
import type { WorkflowDetail } from './workflow-resource.js';

/**
 * Freezes the draft into the next numbered version, which new executions then run. Publishing a
 * draft identical to the newest version makes no new number: it answers with that version, so a
 * retried or double-clicked publish is harmless. Publishing an archived workflow restores it.
 * The version row, the status change and the audit row commit together.
 */
export async function publishWorkflow(ctx: ServiceContext, id: string): Promise<WorkflowDetail> {
  requirePermission(ctx, 'workflows:publish');
  return ctx.db.transaction(async (tx) => {
    const current = await findWorkflow(tx, ctx.orgId, id, { forUpdate: true });
    // Checked again: the step registry may have changed since the draft was saved.
    const definition = await requireValidDefinition(current.definition);
    const [latest] = await tx
      .select()
      .from(workflowVersions)
      .where(inOrg(workflowVersions, ctx.orgId, eq(workflowVersions.workflowId, id)))
      .orderBy(desc(workflowVersions.version))
      .limit(1);
    const unchanged = latest !== undefined && sameJson(latest.definition, definition);
    const version = unchanged ? latest.version : (latest?.version ?? 0) + 1;
    if (!unchanged) {
      await tx.insert(workflowVersions).values({
        id: newId('wfv'),
        orgId: ctx.orgId,
        workflowId: id,
        version,
        definition: asJson(definition),
        publishedBy: ctx.actor.id,
      });
    }
    if (unchanged && current.status === 'published' && current.publishedVersion === version) {
      return workflowDetail(tx, current);
    }
    const [updated] = await tx
      .update(workflows)
      .set({ status: 'published', publishedVersion: version, updatedAt: new Date() })
      .where(inOrg(workflows, ctx.orgId, eq(workflows.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'workflow.publish',
      resourceType: 'workflow',
      resourceId: id,
      details: { version, new_version: !unchanged, previous_status: current.status },
    });
    return workflowDetail(tx, updated ?? current);
  });
}
