import postgres from 'postgres';
import type { Database } from '../../db/client.js';
import { EVENTS_CHANNEL, type LiveEvent, type LiveEventType } from './publish.js';

const EVENT_TYPES: ReadonlySet<string> = new Set<LiveEventType>([
  'execution.status_changed',
  'execution.log',
  'notification',
  'trigger.fired',
  'connected_app.event',
  'integration.alert',
  'ai.delta',
]);

export type Unsubscribe = () => Promise<void>;

/**
 * Calls `onEvent` for every live event any process publishes. PostgreSQL delivers NOTIFY to each
 * listening connection, so every API process hears every event and forwards it to its own sockets;
 * on PostgreSQL that needs one dedicated connection (`url`), since a pooled one would lose the
 * LISTEN when it is handed out again. The embedded database is one process: it listens in place.
 */
export async function subscribeEvents(
  database: Database,
  url: string | undefined,
  onEvent: (event: LiveEvent) => void,
): Promise<Unsubscribe> {
  const deliver = (payload: string) => {
    const event = parseEvent(payload);
    if (event) onEvent(event);
  };
  if (database.driver === 'pglite') {
    if (!database.pglite) throw new Error('PGlite database without its engine handle');
    const unlisten = await database.pglite.listen(EVENTS_CHANNEL, deliver);
    return () => unlisten();
  }
  const address = url ?? database.url;
  if (!address) throw new Error('Listening for events on PostgreSQL needs the database URL');
  // postgres.js re-issues the LISTEN on a fresh connection if this one drops.
  const sql = postgres(address, { max: 1, onnotice: () => {} });
  const { unlisten } = await sql.listen(EVENTS_CHANNEL, deliver);
  return async () => {
    await unlisten().catch(() => undefined);
    await sql.end({ timeout: 5 });
  };
}

function parseEvent(payload: string): LiveEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, org_id: orgId, data } = parsed as Record<string, unknown>;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type) || typeof orgId !== 'string') return undefined;
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return { type: type as LiveEventType, orgId, data: record };
}
