import { type CursorKey, type CursorList, decodeCursor, encodeCursor } from './cursor.js';
import type { PageQuery } from './page-query.js';

export interface KeysetPageReads<Row, Key, Total> {
  list: CursorList;
  key: CursorKey<Key>;
  /**
   * Rows in list order: those after `after` when a cursor was given (then `offset` is 0), else the
   * offset page. `limit` is one more than the page, to learn whether another page follows.
   */
  rows(bounds: { after?: Key; limit: number; offset: number }): Promise<Row[]>;
  /** The row's key, as the next page's cursor holds it (listed after `rows`, so TS infers Row from it). */
  keyOf(row: Row): Key;
  total(): Promise<Total>;
}

/**
 * One page of a list over a table that grows without bound. With a cursor it is a keyset page (a
 * range scan from the cursor's row: page 10,000 costs what page 1 does, and rows inserted
 * meanwhile never shift it); without one, the offset page older clients ask for. Either way the
 * answer carries `next_cursor`, so a client can switch to cursors from any page.
 */
export async function keysetPage<Row, Key, Total>(query: PageQuery, reads: KeysetPageReads<Row, Key, Total>) {
  // Decoded before any read, so a bad cursor is a 400 without touching the database.
  const after = query.cursor === undefined ? undefined : decodeCursor(reads.list, reads.key, query.cursor);
  const [batch, total] = await Promise.all([
    reads.rows({
      after,
      limit: query.pageSize + 1,
      offset: after === undefined ? (query.page - 1) * query.pageSize : 0,
    }),
    reads.total(),
  ]);
  const items = batch.slice(0, query.pageSize);
  const last = items.at(-1);
  const more = batch.length > query.pageSize && last !== undefined;
  return {
    items,
    total,
    page: query.page,
    page_size: query.pageSize,
    next_cursor: more ? encodeCursor(reads.list, reads.key, reads.keyOf(last)) : null,
  };
}
