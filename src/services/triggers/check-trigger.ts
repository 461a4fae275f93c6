import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type TriggerType, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { validationFailed } from '../../lib/errors.js';
import { checkExpression, ExpressionError } from '../../workflows/expressions/evaluate.js';
import { TRIGGER_CONFIGS } from './config.js';
import { loadMappingTarget, type MappingProblem, type MappingTarget } from './map-input.js';

export interface TriggerDraft {
  type: TriggerType;
  workflowId: string;
  config: unknown;
  mappings: Record<string, string>;
}

export interface TriggerCheck {
  /** The config with defaults applied, when it is valid. */
  config: Record<string, unknown> | null;
  target: MappingTarget | null;
  errors: MappingProblem[];
}

/**
 * Everything that makes a trigger configuration invalid, all at once: its config against its
 * type, the target workflow, each mapping, and for event triggers the source workflow and the
 * loops it would close. `triggerId` is the trigger being changed, left out of the loop search.
 */
export async function checkTrigger(
  db: Db,
  orgId: string,
  draft: TriggerDraft,
  triggerId?: string,
): Promise<TriggerCheck> {
  const errors: MappingProblem[] = [];
  const parsed = TRIGGER_CONFIGS[draft.type].safeParse(draft.config ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({
        path: ['config', ...issue.path.map(String)].join('.'),
        message: issue.message,
        code: issue.code,
      });
    }
  }
  const config = parsed.success ? (parsed.data as Record<string, unknown>) : null;

  const target = await loadMappingTarget(db, orgId, draft.workflowId);
  if (!target) {
    errors.push({ path: 'workflow_id', code: 'not_found', message: 'No such workflow in this organization' });
  }
  for (const [name, expression] of Object.entries(draft.mappings)) {
    const path = `mappings.${name}`;
    if (target && !Object.hasOwn(target.variables, name) && !target.draftVariables.includes(name)) {
      errors.push({ path, code: 'unknown_variable', message: `${name} is not a variable of the workflow` });
    }
    try {
      checkExpression(expression);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      errors.push({ path, code: 'invalid_expression', message: error.message });
    }
  }

  if (draft.type === 'event' && config) {
    const source = config.source_workflow_id as string;
    if (!(await loadMappingTarget(db, orgId, source))) {
      errors.push({
        path: 'config.source_workflow_id',
        code: 'not_found',
        message: 'No such workflow in this organization',
      });
    } else if (source === draft.workflowId) {
      errors.push({
        path: 'config.source_workflow_id',
        code: 'self_trigger',
        message: 'An event trigger cannot start the workflow it listens to: every run would start another',
      });
    } else if (await closesLoop(db, orgId, source, draft.workflowId, triggerId)) {
      errors.push({
        path: 'config.source_workflow_id',
        code: 'trigger_loop',
        message: 'Runs of the target workflow already lead, through event triggers, back to the source',
      });
    }
  }
  return { config, target, errors };
}

export function throwIfInvalid(check: TriggerCheck): asserts check is TriggerCheck & {
  config: Record<string, unknown>;
  target: MappingTarget;
} {
  if (check.errors.length > 0 || !check.config || !check.target) {
    throw validationFailed('trigger', check.errors);
  }
}

/** Whether the edge source → target closes a cycle with the organization's event triggers. */
async function closesLoop(
  db: Db,
  orgId: string,
  source: string,
  target: string,
  excludeId: string | undefined,
): Promise<boolean> {
  const rows = await db
    .select({ workflowId: triggers.workflowId, config: triggers.config })
    .from(triggers)
    .where(
      inOrg(
        triggers,
        orgId,
        and(
          eq(triggers.type, 'event'),
          isNull(triggers.deletedAt),
          excludeId ? ne(triggers.id, excludeId) : undefined,
        ),
      ),
    );
  const next = new Map<string, string[]>();
  for (const row of rows) {
    const from = row.config.source_workflow_id;
    if (typeof from !== 'string') continue;
    next.set(from, [...(next.get(from) ?? []), row.workflowId]);
  }
  const seen = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current === source) return true;
    for (const following of next.get(current) ?? []) {
      if (!seen.has(following)) {
        seen.add(following);
        queue.push(following);
      }
    }
  }
  return false;
}
