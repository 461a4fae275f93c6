import { desc, eq, ilike, isNull, type SQL } from 'drizzle-orm';
import { type CredentialType, credentials } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { escapeLike } from '../workflows/list-workflows.js';
import { toCredentialResource } from './credential-resource.js';

export interface ListCredentialsQuery extends PageQuery {
  type?: CredentialType;
  /** Part of the name, any case. */
  search?: string;
}

/** The organization's credentials, newest first, connected apps' tokens included: never a value. */
export async function listCredentials(ctx: ServiceContext, query: ListCredentialsQuery) {
  requirePermission(ctx, 'credentials:read');
  const conditions: SQL[] = [isNull(credentials.deletedAt)];
  if (query.type) conditions.push(eq(credentials.type, query.type));
  if (query.search) conditions.push(ilike(credentials.name, `%${escapeLike(query.search)}%`));
  const where = inOrg(credentials, ctx.orgId, ...conditions);
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(credentials)
        .where(where)
        .orderBy(desc(credentials.createdAt), desc(credentials.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, credentials, where),
  });
  return { ...page, items: page.items.map(toCredentialResource) };
}
