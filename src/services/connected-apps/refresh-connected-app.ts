import { ApiError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findConnectedApp, toConnectedAppResource } from './app-resource.js';
import { notConnected } from './connected-tokens.js';
import { forceRefresh } from './token-workflow.js';

/**
 * A refresh now, by the app's token workflow (an Update: it queues behind a refresh the timer may
 * be doing). A provider's refusal answers 502 and leaves the app `needs_reauth`.
 */
export async function refreshConnectedApp(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'connected_apps:write');
  const app = await findConnectedApp(ctx.db, ctx.orgId, id);
  if (app.status !== 'connected' || !app.tokenCredentialId) throw notConnected(app);
  await recordAudit(ctx.db, ctx, {
    action: 'connected_app.refresh',
    resourceType: 'connected_app',
    resourceId: id,
  });
  const outcome = await forceRefresh(ctx, { orgId: ctx.orgId, appId: id });
  const current = await findConnectedApp(ctx.db, ctx.orgId, id);
  if (outcome.outcome === 'not_connected') throw notConnected(current);
  if (outcome.outcome === 'failed') {
    const { outcome: _outcome, ...provider } = outcome;
    throw new ApiError(
      'provider_error',
      `The provider refused the refresh (${outcome.error}); authorize the app again`,
      {
        details: { provider },
      },
    );
  }
  return toConnectedAppResource(current);
}
