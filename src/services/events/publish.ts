import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { storableJsonText } from '../../lib/storable-text.js';

/** The Postgres channel every API process LISTENs on; events reach sockets on any process. */
export const EVENTS_CHANNEL = 'conveyor_events';

export type LiveEventType =
  | 'execution.status_changed'
  | 'execution.log'
  | 'notification'
  | 'trigger.fired'
  | 'connected_app.event'
  /** An integration's alert opened or resolved (services/integrations/alert-transitions.ts). */
  | 'integration.alert'
  /** Text of a streaming /ai/ask answer, for the API process holding the request (never sockets). */
  | 'ai.delta';

/**
 * Whether sockets of the event's organization receive it. An answer's text is the asking user's
 * alone: it goes only to the API process streaming it to them.
 */
export const isBroadcast = (type: LiveEventType): boolean => type !== 'ai.delta';

export interface LiveEvent {
  type: LiveEventType;
  orgId: string;
  data: Record<string, unknown>;
}

/** NOTIFY payloads are limited to 8000 bytes; larger data is cut to what fits, never dropped silently. */
const MAX_PAYLOAD = 7900;

export async function publishEvents(db: Db, events: LiveEvent[]): Promise<void> {
  for (const event of events) await db.execute(sql`select ${notifyExpression(event)}`);
}

/**
 * The `pg_notify(…)` call for one event as an SQL expression, to put in the RETURNING list of the
 * statement that makes the change: the event is sent once per row changed (none when nothing
 * changed), at commit, and costs no round trip of its own.
 */
export function notifyExpression(event: LiveEvent): SQL<void> {
  return sql<void>`pg_notify(${EVENTS_CHANNEL}, ${eventPayload(event)})`;
}

/** The NOTIFY payload of one event: the JSON a socket receives, cut to what NOTIFY carries. */
export function eventPayload(event: LiveEvent): string {
  // Storable: the payload is cast to jsonb on its way (see the outcome's statement).
  const payload = storableJsonText({ type: event.type, org_id: event.orgId, data: event.data });
  if (payload.length <= MAX_PAYLOAD) return payload;
  return storableJsonText({
    type: event.type,
    org_id: event.orgId,
    data: { ...pickIds(event.data), truncated: true },
  });
}

function pickIds(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(([k, v]) => (k.endsWith('_id') || k === 'status') && typeof v === 'string'),
  );
}
