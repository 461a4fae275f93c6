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

export type InterpreterRevision = 1 | 2;

export function interpreterRevision(): InterpreterRevision {
  return patched(INTERPRETER_REVISION_2) ? 2 : 1;
}
