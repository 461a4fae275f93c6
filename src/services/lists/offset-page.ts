import type { OffsetPage, PageQuery } from './page-query.js';

export interface OffsetPageReads<Row> {
  /** The page's rows, in list order. */
  rows(bounds: { limit: number; offset: number }): Promise<Row[]>;
  /** Every matching row's count (see `countRows`). */
  total(): Promise<number>;
}

/**
 * One offset page and the total, read side by side: the list shape of small, bounded tables.
 * Callers map `items` to their resource shape.
 */
export async function offsetPage<Row>(
  query: PageQuery,
  reads: OffsetPageReads<Row>,
): Promise<OffsetPage<Row>> {
  const [items, total] = await Promise.all([
    reads.rows({ limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    reads.total(),
  ]);
  return { items, total, page: query.page, page_size: query.pageSize };
}
