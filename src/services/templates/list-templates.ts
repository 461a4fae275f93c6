import { notFound } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import type { PageQuery } from '../lists/page-query.js';
import { loadTemplates, type Template } from './catalog.js';

export interface ListTemplatesQuery extends PageQuery {
  category?: string;
  /** Case-insensitive substring of the name, description or tags. */
  q?: string;
}

export function listTemplates(ctx: ServiceContext, query: ListTemplatesQuery) {
  requirePermission(ctx, 'templates:read');
  const q = query.q?.toLowerCase();
  const matching = loadTemplates().filter(
    (t) =>
      (query.category === undefined || t.category === query.category) &&
      (q === undefined ||
        t.name.toLowerCase().includes(q) ||
        t.description.toLowerCase().includes(q) ||
        t.tags.some((tag) => tag.toLowerCase().includes(q))),
  );
  // The catalogue is a few files in memory: paged by slicing, no query to share with the DB lists.
  const start = (query.page - 1) * query.pageSize;
  return {
    items: matching.slice(start, start + query.pageSize),
    total: matching.length,
    page: query.page,
    page_size: query.pageSize,
  };
}

export function listTemplateCategories(ctx: ServiceContext) {
  requirePermission(ctx, 'templates:read');
  const counts = new Map<string, number>();
  for (const t of loadTemplates()) counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
  return {
    items: [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => ({ name, count })),
  };
}

export function getTemplate(ctx: ServiceContext, id: string): Template {
  requirePermission(ctx, 'templates:read');
  return findTemplate(id);
}

export function findTemplate(id: string): Template {
  const template = loadTemplates().find((t) => t.id === id);
  if (!template) throw notFound('Template');
  return template;
}
