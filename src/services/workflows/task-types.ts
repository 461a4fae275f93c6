import { z } from 'zod';
import { notFound } from '../../lib/errors.js';
import type { StepType } from '../../workflows/steps/step-type.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { loadStepTypes } from './step-types.js';

export type RunsIn = 'workflow' | 'activity' | 'child_workflow' | 'timer' | 'human' | 'robot';

/**
 * Where a step type's work happens in Temporal, which tells users what it costs and how it fails:
 * `workflow` steps are computed deterministically inside the run (no history event), `activity`
 * steps do I/O with retries, `timer` steps wait durably, `child_workflow` steps start a run,
 * `human` steps wait durably for people's decisions (Temporal Updates), `robot` steps are
 * activities completed asynchronously by RPA robots.
 */
const RUNS_IN: Record<string, RunsIn> = {
  http: 'activity',
  transform: 'workflow',
  set: 'workflow',
  condition: 'workflow',
  switch: 'workflow',
  parallel: 'workflow',
  foreach: 'workflow',
  fail: 'workflow',
  succeed: 'workflow',
  delay: 'timer',
  wait_until: 'timer',
  sub_workflow: 'child_workflow',
  approval: 'human',
  agent: 'robot',
  // Activities on the AI task queue (`<queue>-ai`).
  'ai.ask': 'activity',
  'ai.analyze': 'activity',
  'ai.decide': 'activity',
  'ai.classify': 'activity',
  'ai.extract': 'activity',
  'ai.summarize': 'activity',
  notify: 'activity',
};

export interface TaskType {
  type: string;
  description: string;
  runs_in: RunsIn;
  config_schema: Record<string, unknown>;
}

export async function listTaskTypes(ctx: ServiceContext): Promise<TaskType[]> {
  requirePermission(ctx, 'workflows:read');
  const registry = await loadStepTypes();
  return [...registry.values()].sort((a, b) => a.type.localeCompare(b.type)).map(describeTaskType);
}

export async function getTaskType(ctx: ServiceContext, type: string): Promise<TaskType> {
  requirePermission(ctx, 'workflows:read');
  const stepType = (await loadStepTypes()).get(type);
  if (!stepType) throw notFound('Task type');
  return describeTaskType(stepType);
}

/** Whether the map above names the type; a test keeps it in step with the registry. */
export function hasRunsIn(type: string): boolean {
  return Object.hasOwn(RUNS_IN, type);
}

function describeTaskType(stepType: StepType<unknown>): TaskType {
  return {
    type: stepType.type,
    description: stepType.description,
    // A step type not yet in the map most likely does I/O, the conservative assumption.
    runs_in: RUNS_IN[stepType.type] ?? 'activity',
    config_schema: z.toJSONSchema(stepType.config, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>,
  };
}
