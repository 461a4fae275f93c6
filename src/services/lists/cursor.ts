import { validationFailed } from '../../lib/errors.js';

/**
 * The one cursor format: base64url of `{"v":1,"l":<list>,"k":<key>}`. Opaque, so clients pass it
 * back untouched and the key can change; versioned, so a later format can still read (or cleanly
 * refuse) an old one; bound to its list, so one list's cursor is never read as another's key.
 * Decoding validates everything: a cursor the API did not issue is a 400, never a 500.
 */
const CURSOR_VERSION = 1;

/** Every list that issues cursors; two lists share a name only if they share key and order. */
export type CursorList =
  | 'executions'
  | 'execution_logs'
  | 'approvals'
  | 'agent_task_queue'
  | 'agent_tasks_assigned'
  | 'connected_app_events'
  | 'integration_checks'
  | 'webhook_deliveries';

/** A list's key inside its cursor, and how to read it back from untrusted JSON. */
export interface CursorKey<K> {
  encode(key: K): unknown;
  /** The key, or undefined when `raw` is not one this list could have issued. */
  parse(raw: unknown): K | undefined;
}

export function encodeCursor<K>(list: CursorList, codec: CursorKey<K>, key: K): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, l: list, k: codec.encode(key) })).toString(
    'base64url',
  );
}

export function decodeCursor<K>(list: CursorList, codec: CursorKey<K>, cursor: string): K {
  const envelope = parseEnvelope(cursor);
  const key =
    envelope && envelope.v === CURSOR_VERSION && envelope.l === list ? codec.parse(envelope.k) : undefined;
  if (key === undefined) throw invalidCursor();
  return key;
}

function parseEnvelope(cursor: string): { v?: unknown; l?: unknown; k?: unknown } | undefined {
  // Node's base64url decoder skips characters outside the alphabet; a cursor holding any is not ours.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// `validation_failed` with the field's own code, like every other bad query parameter.
const invalidCursor = () =>
  validationFailed(
    'cursor',
    [{ path: 'query.cursor', message: 'not a cursor this list issued', code: 'invalid_cursor' }],
    'Invalid cursor: pass back next_cursor unchanged',
  );
