/**
 * How every list service is asked for a page, whatever the route spelled on the wire: offset
 * (`page`) everywhere, and on lists over tables that grow without bound also keyset (`cursor`).
 */
export interface PageQuery {
  /** 1-based; ignored when `cursor` is given. */
  page: number;
  pageSize: number;
  /** A previous answer's `next_cursor`, passed back unchanged. */
  cursor?: string;
}

/** The page envelope every list answers with (the wire shape, so routes return it as is). */
export interface OffsetPage<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface CursorPage<T> extends OffsetPage<T> {
  /** Null on the last page. */
  next_cursor: string | null;
}
