import type { Db } from '../../db/client.js';
import { type ConnectedAppEventKind, connectedAppEvents } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { storableJson } from '../../lib/storable-text.js';
import { notifyExpression } from '../events/publish.js';

/**
 * One row of the app's log (`GET /connected-apps/{id}/logs`). `detail` is what happened, never a
 * token: callers pass statuses, scopes, provider error codes, a sync's capped result.
 */
export async function recordAppEvent(
  db: Db,
  event: {
    orgId: string;
    appId: string;
    kind: ConnectedAppEventKind;
    detail?: Record<string, unknown>;
    workflowId?: string | null;
    /** Also tell the organization's sockets (`connected_app.<kind>`), at commit. */
    live?: boolean;
  },
): Promise<string> {
  const id = newId('cape');
  const detail = storableJson(event.detail ?? {}) as Record<string, unknown>;
  const insert = db.insert(connectedAppEvents).values({
    id,
    orgId: event.orgId,
    connectedAppId: event.appId,
    kind: event.kind,
    detail,
    workflowId: event.workflowId ?? null,
  });
  if (!event.live) {
    await insert;
    return id;
  }
  await insert.returning({
    notified: notifyExpression({
      type: 'connected_app.event',
      orgId: event.orgId,
      data: { connected_app_id: event.appId, event_id: id, kind: event.kind, ...detail },
    }),
  });
  return id;
}
