import type { TriggerType } from '../../db/schema/index.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { type InputProblem, validateInput } from '../workflows/validate-input.js';
import { checkTrigger } from './check-trigger.js';
import { type MappingProblem, mapInput } from './map-input.js';

export interface TestTriggerInput {
  type: TriggerType;
  workflow_id: string;
  name?: string;
  config?: Record<string, unknown>;
  mappings?: Record<string, string>;
  /** A sample payload: the answer previews the input a firing with it would start the run with. */
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface TriggerTestResult {
  valid: boolean;
  errors: MappingProblem[];
  preview?: { input: Record<string, unknown>; input_valid: boolean; input_errors: InputProblem[] };
}

/** Checks a trigger configuration as create would, without saving anything. */
export async function testTrigger(ctx: ServiceContext, input: TestTriggerInput): Promise<TriggerTestResult> {
  requirePermission(ctx, 'triggers:write');
  const mappings = input.mappings ?? {};
  const check = await checkTrigger(ctx.db, ctx.orgId, {
    type: input.type,
    workflowId: input.workflow_id,
    config: input.config ?? {},
    mappings,
  });
  const errors = [...check.errors];
  if (input.payload === undefined || !check.target || errors.some((e) => e.path.startsWith('mappings.'))) {
    return { valid: errors.length === 0, errors };
  }
  const mapped = await mapInput(mappings, check.target, {
    payload: input.payload,
    headers: input.headers ?? {},
    trigger: { id: null, name: input.name ?? null, type: input.type, fired_at: new Date().toISOString() },
  });
  errors.push(...mapped.errors);
  const checked = validateInput({ variables: check.target.variables }, mapped.input);
  return {
    valid: errors.length === 0,
    errors,
    preview: {
      input: checked.ok ? checked.value : mapped.input,
      input_valid: checked.ok,
      input_errors: checked.ok ? [] : checked.errors,
    },
  };
}
