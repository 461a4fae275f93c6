import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/** The Postgres channel every API process LISTENs on; events reach sockets on any process. */
export const EVENTS_CHANNEL = 'conveyor_events';

export type LiveEventType = 'execution.status_changed' | 'execution.log' | 'notification' | 'trigger.fired';

export interface LiveEvent {
  type: LiveEventType;
  orgId: string;
  data: Record<string, unknown>;
}

/** NOTIFY payloads are limited to 8000 bytes; larger data is cut to what fits, never dropped silently. */
const MAX_PAYLOAD = 7900;

export async function publishEvents(db: Db, events: LiveEvent[]): Promise<void> {
  for (const event of events) {
    let payload = JSON.stringify({ type: event.type, org_id: event.orgId, data: event.data });
    if (payload.length > MAX_PAYLOAD) {
      payload = JSON.stringify({
        type: event.type,
        org_id: event.orgId,
        data: { ...pickIds(event.data), truncated: true },
      });
    }
    await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
  }
}

function pickIds(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(([k, v]) => (k.endsWith('_id') || k === 'status') && typeof v === 'string'),
  );
}
