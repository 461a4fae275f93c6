import type { Db } from '../db/client.js';
import { forbidden, notFound } from '../lib/errors.js';
import type { TemporalHandle } from '../temporal/client.js';
import type { Permission } from './access/catalogue.js';
import type { TenantLimits } from './tenant-limits.js';

export type ActorType = 'user' | 'robot' | 'system' | 'api_key';

/** Who is acting, for which organization, with which rights: passed to every service call. */
export interface ServiceContext {
  db: Db;
  temporal: TemporalHandle;
  orgId: string;
  actor: { type: ActorType; id: string | null };
  permissions: ReadonlySet<Permission>;
  requestId: string | null;
  /** The client's own request id, recorded apart from ours (audit rows' `client_request_id`). */
  clientRequestId?: string | null;
  ip: string | null;
  /** What the organization may use of what all share; the defaults when unset (see tenant-limits.ts). */
  limits?: TenantLimits;
}

export function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!ctx.permissions.has(permission)) throw forbidden(permission);
}

export function assertFound<T>(value: T | undefined | null, resource: string): T {
  if (value === undefined || value === null) throw notFound(resource);
  return value;
}
