// The hand-written Temporal baselines of the flow benchmarks: the same sequential calls made as
// regular activities and as local activities, with the SDK's defaults and nothing Conveyor adds
// (no read model, no expressions). Bundled on their own; only the activity type is imported.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { RawFlowActivities } from './activities.js';

const regular = proxyActivities<RawFlowActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<RawFlowActivities>({ startToCloseTimeout: '1 minute' });

export async function rawSequentialActivities(url: string, count: number): Promise<number> {
  for (let i = 0; i < count; i++) await regular.callFibo(url);
  return count;
}

export async function rawSequentialLocalActivities(url: string, count: number): Promise<number> {
  for (let i = 0; i < count; i++) await local.callFibo(url);
  return count;
}
