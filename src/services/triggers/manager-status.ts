import { and, count, desc, isNotNull, isNull, sql, sum } from 'drizzle-orm';
import { TRIGGER_TYPES, type TriggerType, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';

interface StateCounts {
  enabled: number;
  disabled: number;
  total: number;
}

export interface TriggerManagerStatus {
  totals: StateCounts & { fire_count: number };
  by_type: Record<TriggerType, StateCounts>;
  last_fired: { trigger_id: string; at: string } | null;
  last_error: { trigger_id: string; code: string; message: string; at: string } | null;
}

/** The organization's triggers at a glance: how many of each kind, and what happened last. */
export async function getTriggerManagerStatus(ctx: ServiceContext): Promise<TriggerManagerStatus> {
  requirePermission(ctx, 'triggers:read');
  const live = inOrg(triggers, ctx.orgId, isNull(triggers.deletedAt));
  const [groups, [lastFired], [lastError]] = await Promise.all([
    ctx.db
      .select({ type: triggers.type, enabled: triggers.enabled, n: count(), fired: sum(triggers.fireCount) })
      .from(triggers)
      .where(live)
      .groupBy(triggers.type, triggers.enabled),
    ctx.db
      .select({ id: triggers.id, at: triggers.lastFiredAt })
      .from(triggers)
      .where(and(live, isNotNull(triggers.lastFiredAt)))
      .orderBy(desc(triggers.lastFiredAt))
      .limit(1),
    ctx.db
      .select({ id: triggers.id, error: triggers.lastError })
      .from(triggers)
      .where(and(live, isNotNull(triggers.lastError), sql`${triggers.lastError} <> 'null'::jsonb`))
      .orderBy(desc(sql`${triggers.lastError}->>'at'`))
      .limit(1),
  ]);
  const byType = Object.fromEntries(
    TRIGGER_TYPES.map((type) => [type, { enabled: 0, disabled: 0, total: 0 }]),
  ) as Record<TriggerType, StateCounts>;
  const totals = { enabled: 0, disabled: 0, total: 0, fire_count: 0 };
  for (const group of groups) {
    const state = group.enabled ? 'enabled' : 'disabled';
    byType[group.type][state] += group.n;
    byType[group.type].total += group.n;
    totals[state] += group.n;
    totals.total += group.n;
    totals.fire_count += Number(group.fired ?? 0);
  }
  return {
    totals,
    by_type: byType,
    last_fired: lastFired?.at ? { trigger_id: lastFired.id, at: lastFired.at.toISOString() } : null,
    last_error: lastError?.error ? { trigger_id: lastError.id, ...lastError.error } : null,
  };
}
