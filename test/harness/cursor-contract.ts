import { expect } from 'vitest';
import type { JsonResponse } from './http.js';

export interface CursorPageBody {
  items: { id: string | number }[];
  next_cursor: string | null;
}

type Fetch = (query: string) => Promise<JsonResponse<CursorPageBody>>;

/**
 * Every id of a list, following next_cursor from the first page; `between` runs after each page
 * that has a successor (rows inserted mid-walk). Fails on a repeated id or a runaway walk.
 */
export async function walkByCursor(fetchPage: Fetch, pageSize: number, between: () => Promise<void>) {
  const ids: (string | number)[] = [];
  let page = await fetchPage(`page_size=${pageSize}`);
  for (let pages = 0; ; pages++) {
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    ids.push(...page.body.items.map((item) => item.id));
    const next = page.body.next_cursor;
    if (!next) break;
    expect(pages, 'walk did not end').toBeLessThan(100);
    await between();
    page = await fetchPage(`page_size=${pageSize}&cursor=${encodeURIComponent(next)}`);
  }
  expect(new Set(ids).size, `repeated ids in ${ids.join(',')}`).toBe(ids.length);
  return ids;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Cursors this API never issued, derived from a real one of `list`: broken base64 or JSON, the old
 * unversioned format, a wrong version or list, and keys of the wrong shape.
 */
export function hostileCursors(valid: string, list: string): string[] {
  const envelope = JSON.parse(Buffer.from(valid, 'base64url').toString('utf8')) as { k: unknown };
  return [
    'not-a-cursor!',
    '%00',
    Buffer.from('{"v":1').toString('base64url'),
    b64(envelope.k),
    b64({ ...envelope, v: 2 }),
    b64({ ...envelope, l: list === 'executions' ? 'approvals' : 'executions' }),
    b64({ ...envelope, k: ['2026-01-01T00:00:00Z', 'x'] }),
    b64({ ...envelope, k: ['2026-99-99T00:00:00.000000Z', 'x'] }),
    b64({ ...envelope, k: [-1] }),
    b64({ ...envelope, k: 'x'.repeat(50) }),
    b64({ v: 1, l: list, k: { $gt: '' } }),
    b64(null),
  ];
}

/** A cursor the API did not issue answers 400 with a field code a client can act on, never a 500. */
export async function expectCursorsRefused(fetchPage: Fetch, cursors: string[]) {
  for (const cursor of cursors) {
    const response = await fetchPage(`cursor=${encodeURIComponent(cursor)}`);
    expect(response.status, cursor).toBe(400);
    expect(response.body, cursor).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'query.cursor', code: 'invalid_cursor' }],
    });
  }
  const tooLong = await fetchPage(`cursor=${'A'.repeat(501)}`);
  expect(tooLong.status).toBe(400);
}

/**
 * Another organization's cursor positions this organization's list and nothing more: every row
 * answered is one of `ownIds`, none of the stranger's.
 */
export async function expectForeignCursorLeaksNothing(
  fetchPage: Fetch,
  foreignCursor: string,
  ownIds: (string | number)[],
  foreignIds: (string | number)[],
) {
  const response = await fetchPage(`page_size=200&cursor=${encodeURIComponent(foreignCursor)}`);
  expect([200, 400]).toContain(response.status);
  if (response.status !== 200) return;
  for (const item of response.body.items) {
    expect(ownIds).toContain(item.id);
    expect(foreignIds).not.toContain(item.id);
  }
}
