import { conflict } from '../../lib/errors.js';
import type { StepDefinition } from '../../workflows/definition/types.js';
import type { StepType } from '../../workflows/steps/step-type.js';
import type { ServiceContext } from '../context.js';
import { sameJson } from '../workflows/same-json.js';
import { loadStepTypes } from '../workflows/step-types.js';
import { validateInput } from '../workflows/validate-input.js';
import type { ExecutionRow } from './launch-execution.js';
import { loadLaunchTarget } from './launch-target.js';

/**
 * An approval is given for the data it was shown. A retry from the failed step keeps the steps
 * that completed, approvals among them, so a retry that also changes the input would carry an
 * approval for `amount: 100` over to a run with `amount: 1000000`. Such a retry is refused (409
 * `approval_bound_to_input`) when a kept step is, or contains, an approval and the new input,
 * defaults applied, differs from the one the approval saw; a retry from the start asks again.
 */
export async function refuseInputChangeAfterApproval(
  ctx: ServiceContext,
  previous: ExecutionRow,
  keptStepIds: string[],
  input: Record<string, unknown>,
): Promise<void> {
  if (keptStepIds.length === 0) return;
  const target = await loadLaunchTarget(ctx.db, ctx.orgId, previous.workflowId, {
    version: previous.workflowVersion,
  });
  // A missing version or an invalid input is the launch's own 404 or 400.
  if (!target?.definition) return;
  const checked = validateInput(target.definition, input);
  if (!checked.ok || sameJson(checked.value, previous.input)) return;
  const registry = await loadStepTypes();
  const kept = new Set(keptStepIds);
  const approved = target.definition.steps.find(
    (step) => kept.has(step.id) && containsApproval(step, registry),
  );
  if (approved) {
    throw conflict(
      'approval_bound_to_input',
      `Step ${approved.id} was approved for this run's input; a retry from the failed step keeps that approval, so it cannot change the input. Retry from the start to ask for approval again.`,
    );
  }
}

/** Whether the step is an approval or has one among its nested steps, at any depth. */
function containsApproval(root: StepDefinition, registry: Map<string, StepType<unknown>>): boolean {
  const pending = [root];
  while (pending.length > 0) {
    const step = pending.pop() as StepDefinition;
    if (step.type === 'approval') return true;
    for (const list of registry.get(step.type)?.children?.(step.config) ?? []) pending.push(...list);
  }
  return false;
}
