// The raw-SDK baseline of a parked run: one activity (Conveyor's approval step also records its
// request through one), then a durable wait for a signal, like a hand-written approval.
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

export const approveSignal = defineSignal('approve');

const { recordParked } = proxyActivities<{ recordParked(): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
});

export async function parkedRun(): Promise<string> {
  let approved = false;
  setHandler(approveSignal, () => {
    approved = true;
  });
  await recordParked();
  await condition(() => approved);
  return 'approved';
}
