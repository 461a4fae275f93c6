import { ApiError, validationFailed } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { CONNECTED_APP_SYNC_WORKFLOW_TYPE } from '../../workflows/connected-app-messages.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { recordAppEvent } from './app-events.js';
import { findConnectedApp, settingsOf } from './app-resource.js';
import { requireTokens } from './connected-tokens.js';

const TEMPORAL_DEADLINE_MS = 10_000;

/**
 * Starts a sync: a workflow that makes the app's configured request with its token and keeps the
 * answer in a `sync_completed` event with its workflow id. Answers with the workflow id at once.
 */
export async function syncConnectedApp(ctx: ServiceContext, id: string): Promise<{ workflow_id: string }> {
  requirePermission(ctx, 'connected_apps:write');
  const app = await findConnectedApp(ctx.db, ctx.orgId, id);
  if (!settingsOf(app).sync) {
    throw validationFailed('connected app', [
      { path: 'sync', code: 'required', message: 'the app has no sync request; set one with PATCH' },
    ]);
  }
  await requireTokens(ctx, app);
  const workflowId = `connected-app-sync:${id}:${newId('cape').slice(5)}`;
  await ctx.db.transaction(async (tx) => {
    await recordAppEvent(tx, { orgId: ctx.orgId, appId: id, kind: 'sync_started', workflowId });
    await recordAudit(tx, ctx, {
      action: 'connected_app.sync',
      resourceType: 'connected_app',
      resourceId: id,
      details: { workflow_id: workflowId },
    });
    // Last in the transaction: a sync Temporal did not take leaves no event or audit row.
    await ctx.temporal.connection
      .withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        ctx.temporal.client.workflow.start(CONNECTED_APP_SYNC_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: ctx.temporal.taskQueue,
          args: [{ orgId: ctx.orgId, appId: id }],
        }),
      )
      .catch(() => {
        throw new ApiError('temporal_unavailable', 'Temporal did not start the sync; try again');
      });
  });
  return { workflow_id: workflowId };
}
