import { eq } from 'drizzle-orm';
import { connectedApps } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { SyncOutcome } from '../../workflows/connected-app-messages.js';
import type { Platform } from '../context.js';
import { readTokens } from './app-credentials.js';
import { recordAppEvent } from './app-events.js';
import { findConnectedApp, settingsOf } from './app-resource.js';
import { callWithToken } from './call-with-token.js';

/** What a sync keeps of its answer, in the `sync_completed` event. */
export const SYNC_KEEP_BYTES = 64 * 1024;

/**
 * The sync workflow's one activity: the app's configured request with its token. The answer
 * (capped at SYNC_KEEP_BYTES, token scrubbed) is kept in a `sync_completed` event beside the
 * workflow id; a failure is a `sync_failed` event. Only the event's id goes back to the workflow.
 */
export async function runConnectedAppSync(
  platform: Platform,
  target: { orgId: string; appId: string; workflowId: string },
): Promise<SyncOutcome> {
  const app = await findConnectedApp(platform.db, target.orgId, target.appId);
  const sync = settingsOf(app).sync;
  const tokens = app.status === 'connected' ? await readTokens(platform.db, platform, app) : undefined;
  const record = (kind: 'sync_completed' | 'sync_failed', detail: Record<string, unknown>) =>
    platform.db.transaction(async (tx) => {
      const now = platform.clock();
      if (kind === 'sync_completed') {
        await updateInOrg(tx, connectedApps, app.orgId, eq(connectedApps.id, app.id), { lastSyncedAt: now });
      }
      const eventId = await recordAppEvent(tx, {
        orgId: app.orgId,
        appId: app.id,
        kind,
        detail,
        workflowId: target.workflowId,
        live: true,
      });
      return { status: kind === 'sync_completed' ? 'completed' : 'failed', eventId } as const;
    });
  if (!sync) return record('sync_failed', { error: 'no_sync_request' });
  if (!tokens) return record('sync_failed', { error: 'not_connected' });
  try {
    const result = await callWithToken(platform, tokens, sync, SYNC_KEEP_BYTES);
    const ok = result.status >= 200 && result.status < 300;
    return record(ok ? 'sync_completed' : 'sync_failed', { method: sync.method, url: sync.url, ...result });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    return record('sync_failed', {
      method: sync.method,
      url: sync.url,
      error: error.code,
      message: error.message,
    });
  }
}
