import { z } from '@hono/zod-openapi';
import type { PageQuery } from '../../services/lists/page-query.js';

/** Offset pages end here: deeper is a scan of millions of rows per request (big lists have cursors). */
export const MAX_PAGE = 10_000;
export const MAX_PAGE_SIZE = 200;
/** Cursors this API issues are under 200 characters; the cap bounds what a client can make us parse. */
export const MAX_CURSOR_LENGTH = 500;

/** `page` and `page_size`, the query of every list. */
export const PaginationQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).openapi({ example: 1 }),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).openapi({ example: 20 }),
});

/** Plus `cursor`, for lists over tables that grow without bound. */
export const CursorPaginationQuery = PaginationQuery.extend({
  cursor: z
    .string()
    .min(1)
    .max(MAX_CURSOR_LENGTH)
    .optional()
    .openapi({
      description:
        "A previous answer's `next_cursor`, passed back unchanged (keyset pagination: stable while rows are " +
        'added, and as fast deep in the list); `page` is then ignored. Any other value is a 400.',
    }),
});

/** The wire query as list services take it (`PageQuery`): one spelling inside, whatever the route. */
export function toPageQuery(query: { page: number; page_size: number; cursor?: string }): PageQuery {
  return { page: query.page, pageSize: query.page_size, cursor: query.cursor };
}

/** The page envelope of every list. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}

/** The envelope of a list that takes `cursor`. */
export function cursorPaginated<T extends z.ZodType>(item: T) {
  return paginated(item).extend({
    next_cursor: z.string().nullable().openapi({
      description: 'Pass as `cursor` for the next page (keyset pagination); null on the last page',
    }),
  });
}

/** For lists whose count is capped (see `countExecutions`): says whether `total` is exact. */
export const TotalExact = z
  .boolean()
  .openapi({ description: '`total` is exact up to 1,000 matching rows and an estimate beyond' });
