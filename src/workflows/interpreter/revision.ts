import { patched } from '@temporalio/workflow';

/**
 * Interpreter revision 2 changes the commands a run issues, so it sits behind one `patched()` call
 * made when a run starts (its marker is the run's first command):
 * - a step with a short timeout runs as a local activity (a marker in history) instead of a
 *   regular activity (see activity-options.ts);
 * - a config without templates renders in fewer microtask turns, which can change the order in
 *   which concurrent branches issue their commands (see renderWithoutTicks).
 * Runs recorded without the marker, including runs already in flight when a worker is upgraded,
 * keep revision 1 for their whole life, so their histories replay unchanged. Asked once per run
 * rather than per step: a run never mixes the two behaviours.
 */
export const INTERPRETER_REVISION_2 = 'conveyor-interpreter-revision-2';

/**
 * Revision 3: a run whose last workflow task ran local steps records its outcome with a regular
 * activity, which also commits those steps, instead of a no-op checkpoint activity followed by the
 * outcome as a local activity (see conveyor-workflow.ts `finish`). Only runs that have revision 2.
 */
export const INTERPRETER_REVISION_3 = 'conveyor-interpreter-revision-3';

/**
 * Revision 4: an expression that outgrows a small in-sandbox step budget continues in a local
 * activity (see bounded-evaluator.ts). Only runs that have revision 3.
 */
export const INTERPRETER_REVISION_4 = 'conveyor-interpreter-revision-4';

export type InterpreterRevision = 1 | 2 | 3 | 4;

export function interpreterRevision(): InterpreterRevision {
  if (!patched(INTERPRETER_REVISION_2)) return 1;
  if (!patched(INTERPRETER_REVISION_3)) return 2;
  return patched(INTERPRETER_REVISION_4) ? 4 : 3;
}
