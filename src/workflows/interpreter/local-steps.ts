import { CancellationScope, CancelledFailure, proxyActivities } from '@temporalio/workflow';
import type { HttpActivities } from '../../activities/http.js';
import type { Run } from './run.js';

const acts = proxyActivities<HttpActivities>({
  startToCloseTimeout: '30 seconds',
  summary: 'record local steps',
});

/**
 * Local-activity steps are recorded (as markers) only when the workflow task that ran them
 * completes, and while a worker holds that task the server keeps any cancellation or signal
 * aside. If the task also closed the run, the server would refuse it: the markers would be
 * dropped, the steps run again on replay, and the outcome already written to the read model would
 * disagree with Temporal. So a run that ran local steps in the current task checkpoints before it
 * closes (or continues as new): a no-op regular activity ends the task (recording the steps) and
 * its result opens the next one, which delivers a cancellation that arrived meanwhile. From
 * interpreter revision 3 a run that is ending records its outcome with a regular activity instead,
 * which does the same for its steps (conveyor-workflow.ts).
 *
 * The activity is not cancellable: a cancelled one could still complete on its own while the run
 * closes, and that new event would get the closing task refused just the same. A cancellation is
 * read afterwards instead, and thrown as the CancelledFailure that ends the run as cancelled.
 * (A 1 ms timer would also end the task, but fires only after ~0.6 s on the dev server; the
 * activity is dispatched eagerly with the task's completion and costs one round trip.)
 */
export async function checkpointLocalSteps(run: Run): Promise<void> {
  if (!run.hasUncommittedLocalSteps()) return;
  await CancellationScope.nonCancellable(() => acts.checkpointLocalSteps());
  if (CancellationScope.current().consideredCancelled) {
    throw new CancelledFailure('Execution was cancelled while its local steps ran');
  }
}
