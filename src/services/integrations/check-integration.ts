import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findIntegration } from './integration-resource.js';
import { type CheckOutcome, performHealthCheck } from './perform-health-check.js';

/**
 * A health check on request, run here and now (the API calls out through the outbound guard, as a
 * connected app's test does), recorded like a scheduled one with trigger `manual`.
 */
export async function checkIntegration(ctx: ServiceContext, id: string): Promise<CheckOutcome> {
  requirePermission(ctx, 'integrations:write');
  const integration = await findIntegration(ctx.db, ctx.orgId, id);
  const outcome = await performHealthCheck(ctx, integration, 'manual');
  await recordAudit(ctx.db, ctx, {
    action: 'integration.check',
    resourceType: 'integration',
    resourceId: id,
    details: { ok: outcome.check.ok, status_code: outcome.check.status_code },
  });
  return outcome;
}
