import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  ContinueAsNew,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReadModelActivities } from '../activities/read-model.js';
import { registerApprovalHandlers } from './approvals/handlers.js';
import type { ExecutionInput, ExecutionOutcome, ResumeState } from './execution-input.js';
import { render } from './expressions/template.js';
import { evaluatorFor } from './interpreter/bounded-evaluator.js';
import { SucceedSignal, toStepError } from './interpreter/errors.js';
import { checkpointLocalSteps } from './interpreter/local-steps.js';
import { type Frame, Run } from './interpreter/run.js';
import { runSteps } from './interpreter/run-steps.js';

const { recordExecutionOutcome } = proxyLocalActivities<ReadModelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});
/**
 * The same write as a regular activity, for a run whose last task ran local steps: scheduling it
 * ends that task, which commits the steps' markers, so no checkpoint is needed first, and the task
 * that closes the run carries no marker the server could refuse (see local-steps.ts). It is a
 * short database write: a worker lost during it delays the run by the start-to-close timeout.
 */
const { recordExecutionOutcome: recordOutcomeAfterLocalSteps } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '10 seconds' },
  summary: 'record outcome',
});

/**
 * The one interpreter: runs any published definition. The definition arrives in the input (a
 * snapshot of the published version), so editing a workflow never changes a run in flight.
 */
export async function conveyorWorkflow(input: ExecutionInput): Promise<unknown> {
  const run = new Run(input);
  // Handlers first, synchronously: an Update delivered with the first activation needs one.
  registerApprovalHandlers(run.approvals);
  const frame: Frame = { steps: {}, pathPrefix: '', extraScope: {}, topLevel: true };
  const topSteps = input.definition.steps;
  for (const [stepId, output] of Object.entries(input.resume?.completed ?? {})) {
    frame.steps[stepId] = { status: 'completed', output };
  }
  // The chain's next run gets the top level's outputs and variables, plus a loop's position if any.
  const continueFrom = async (foreach?: ResumeState['foreach']) => {
    // An Update still being handled would be lost with this run (adds no command when none is).
    await condition(allHandlersFinished);
    // Continuing as new closes this run: its local steps must be recorded first.
    await checkpointLocalSteps(run);
    return continueAsNew<typeof conveyorWorkflow>({
      ...input,
      resume: {
        completed: completedOutputs(frame),
        vars: run.vars,
        seq: run.seq,
        ...(foreach ? { foreach } : {}),
      },
    });
  };
  frame.checkpoint = continueFrom;
  const finish = (outcome: Outcome, record: ReadModelActivities['recordExecutionOutcome']) =>
    CancellationScope.nonCancellable(async () => {
      // The run must not close under an Update handler still running (its caller would get an error).
      await condition(allHandlersFinished);
      await record({ ...outcome, executionId: input.executionId, orgId: input.orgId });
    });

  let ending: Ending;
  try {
    const pending = topSteps.filter((step) => !(step.id in (input.resume?.completed ?? {})));
    const last = await runSteps(run, pending, frame, {
      startIndex: 0,
      afterStep: async (index) => {
        if (workflowInfo().continueAsNewSuggested && index + 1 < pending.length) await continueFrom();
      },
    });
    const output =
      input.definition.output === undefined
        ? last
        : await render(input.definition.output, run.scopeFor(frame), evaluatorFor(run));
    ending = { outcome: { status: 'completed', output }, output };
  } catch (error) {
    // Not an ending: the chain's next run carries on (and records the outcome when it ends).
    if (error instanceof ContinueAsNew) throw error;
    ending = endingOf(error);
  }
  if (run.revision >= 3 && ending.outcome.status !== 'cancelled' && run.hasUncommittedLocalSteps()) {
    // The outcome's own activity commits the steps; a cancellation arriving meanwhile finds the
    // run's work done and its outcome recorded, and the run closes with that outcome.
    await finish(ending.outcome, recordOutcomeAfterLocalSteps);
  } else {
    ending = await settleLocalSteps(run, ending);
    await finish(ending.outcome, recordExecutionOutcome);
  }
  if ('thrown' in ending) throw ending.thrown;
  return ending.output;
}

type Outcome = Omit<ExecutionOutcome, 'executionId' | 'orgId'>;
/** How the run ends: the outcome to record, then a result to return or an error to throw. */
type Ending = { outcome: Outcome; output: unknown } | { outcome: Outcome; thrown: unknown };

function endingOf(error: unknown): Ending {
  if (error instanceof SucceedSignal) {
    return { outcome: { status: 'completed', output: error.output }, output: error.output };
  }
  if (isCancellation(error)) return cancelledBy(error);
  const stepError = toStepError(error);
  const stepId =
    error instanceof ApplicationFailure
      ? ((error.details?.[0] as { step_id?: string } | undefined)?.step_id ?? null)
      : null;
  return {
    outcome: { status: 'failed', error: { ...stepError, step_id: stepId } },
    // Plain errors would fail the workflow task and retry it forever; a run fails with an ApplicationFailure.
    thrown:
      error instanceof ApplicationFailure
        ? error
        : ApplicationFailure.nonRetryable(stepError.message, stepError.code, { step_id: stepId }),
  };
}

const cancelledBy = (error: unknown): Ending => ({
  outcome: { status: 'cancelled', error: { code: 'CANCELLED', message: 'Execution was cancelled' } },
  thrown: error,
});

/** Checkpoints local steps before the run closes; a cancellation read there ends it as cancelled. */
async function settleLocalSteps(run: Run, ending: Ending): Promise<Ending> {
  if (ending.outcome.status === 'cancelled') return ending;
  try {
    await checkpointLocalSteps(run);
    return ending;
  } catch (error) {
    if (isCancellation(error)) return cancelledBy(error);
    throw error;
  }
}

function completedOutputs(frame: Frame): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(frame.steps)
      .filter(([, record]) => record.status === 'completed' || record.status === 'skipped')
      .map(([id, record]) => [id, record.output]),
  );
}
