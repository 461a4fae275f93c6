import { ApplicationFailure, ContinueAsNew } from '@temporalio/workflow';
import type { StepDefinition } from '../definition/types.js';
import { render, renderWithoutTicks } from '../expressions/template.js';
import { stepTypeOf } from '../steps/registry.js';
import type { StepContext } from '../steps/step-type.js';
import { activityOptionsFor, localActivityOptionsFor } from './activity-options.js';
import { evaluatorFor } from './bounded-evaluator.js';
import { attemptsOf, isCancellation, SucceedSignal, toStepError } from './errors.js';
import type { Frame, Run } from './run.js';

/** Jumps allowed within one step list, so an `on_error: {goto}` cycle ends instead of running forever. */
const MAX_GOTO_JUMPS = 1000;

type Outcome =
  | { kind: 'completed'; output: unknown }
  | { kind: 'skipped' }
  | { kind: 'failed' }
  | { kind: 'goto'; target: string };

/**
 * Runs a list of steps in order. `on_error: {goto}` moves within the same list. Returns the output
 * of the last step that completed. `afterStep` lets the top level checkpoint between steps.
 */
export async function runSteps(
  run: Run,
  steps: StepDefinition[],
  frame: Frame,
  options: { startIndex?: number; afterStep?: (index: number) => Promise<void> } = {},
): Promise<unknown> {
  const indexById = new Map(steps.map((step, index) => [step.id, index]));
  let last: unknown = null;
  let jumps = 0;
  for (let index = options.startIndex ?? 0; index < steps.length; ) {
    const step = steps[index] as StepDefinition;
    const outcome = await runStep(run, step, frame);
    if (outcome.kind === 'goto') {
      jumps += 1;
      if (jumps > MAX_GOTO_JUMPS) {
        throw ApplicationFailure.nonRetryable(`More than ${MAX_GOTO_JUMPS} goto jumps`, 'GOTO_LIMIT', {
          step_id: step.id,
        });
      }
      index = indexById.get(outcome.target) ?? steps.length;
      continue;
    }
    if (outcome.kind === 'completed') last = outcome.output;
    await options.afterStep?.(index);
    index += 1;
  }
  return last;
}

async function runStep(run: Run, step: StepDefinition, frame: Frame): Promise<Outcome> {
  const path = `${frame.pathPrefix}${step.id}`;
  const scope = run.scopeFor(frame);
  const seq = run.seq++;
  const emit = (status: 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled', extra: object = {}) =>
    run.emitStep({ path, stepId: step.id, type: step.type, status, seq, ...extra });

  let attempts: number | undefined;
  const checkpoint = frame.checkpoint;
  const evaluate = evaluatorFor(run);
  try {
    if (step.when !== undefined && !(await evaluate(step.when, scope))) {
      frame.steps[step.id] = { status: 'skipped', output: null };
      emit('skipped');
      run.log('info', step.id, `Skipped: guard ${JSON.stringify(step.when)} is false`);
      return { kind: 'skipped' };
    }
    const stepType = stepTypeOf(step.type);
    if (!stepType)
      throw ApplicationFailure.nonRetryable(`Unknown step type ${step.type}`, 'UNKNOWN_STEP_TYPE');
    emit('running');
    const ctx: StepContext = {
      path,
      execution: run.input,
      revision: run.revision,
      scope,
      evaluate: (expression) => evaluate(expression, scope),
      render: <T>(value: unknown) =>
        (run.revision >= 2
          ? renderWithoutTicks(value, scope, evaluate)
          : render(value, scope, evaluate)) as Promise<T>,
      runSteps: (nested, nestedOptions = {}) => {
        const iteration = nestedOptions.iteration;
        const nestedFrame: Frame = {
          // A loop pass sees the outer steps but keeps its own; a branch shares the outer map so
          // later steps can read what the branch produced.
          steps: iteration === undefined ? frame.steps : { ...frame.steps },
          pathPrefix: iteration === undefined ? `${path}.` : `${path}[${iteration}].`,
          extraScope: { ...frame.extraScope, ...nestedOptions.extraScope },
          topLevel: false,
        };
        return runSteps(run, nested, nestedFrame);
      },
      activityOptions: () => activityOptionsFor(step),
      localActivityOptions: () => {
        const options = run.revision >= 2 ? localActivityOptionsFor(step) : undefined;
        if (options) run.noteLocalStep();
        return options;
      },
      setVar: (name, value) => {
        run.vars[name] = value;
      },
      log: (level, message, data) => run.log(level, step.id, message, data),
      reportAttempts: (n) => {
        attempts = n;
      },
      resumeForeach: frame.topLevel ? run.takeForeachResume(step.id) : undefined,
      checkpoint: checkpoint && ((progress) => checkpoint({ stepId: step.id, ...progress })),
      approvals: run.approvals,
    };
    const output = await stepType.run(ctx, step);
    frame.steps[step.id] = { status: 'completed', output };
    emit('completed', { output, attempts });
    return { kind: 'completed', output };
  } catch (error) {
    // A loop checkpoint: the step goes on in the next run of the chain, so it neither fails nor ends.
    if (error instanceof ContinueAsNew) throw error;
    if (error instanceof SucceedSignal) {
      frame.steps[step.id] = { status: 'completed', output: error.output };
      emit('completed', { output: error.output });
      throw error;
    }
    if (isCancellation(error)) {
      emit('cancelled');
      throw error;
    }
    const stepError = toStepError(error);
    frame.steps[step.id] = { status: 'failed', output: null, error: stepError };
    emit('failed', { error: stepError, attempts: attemptsOf(error) ?? attempts });
    run.log('error', step.id, stepError.message, { code: stepError.code });
    const onError = step.on_error ?? 'fail';
    if (onError === 'continue') return { kind: 'failed' };
    if (typeof onError === 'object') return { kind: 'goto', target: onError.goto };
    throw ApplicationFailure.nonRetryable(stepError.message, stepError.code, { step_id: path });
  }
}
