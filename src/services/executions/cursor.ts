import { validationFailed } from '../../lib/errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row a page returned, base64url-encoded JSON.
 * Opaque so clients pass them back untouched and the key can change without breaking the contract.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, parse: (key: unknown) => T | undefined): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = key === undefined ? undefined : parse(key);
  if (parsed === undefined) throw invalidCursor();
  return parsed;
}

const invalidCursor = () =>
  validationFailed(
    'cursor',
    [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }],
    'Invalid cursor: pass back next_cursor unchanged',
  );
