// The flow baselines' worker: the hand-written workflows of ./workflows.ts on the raw SDK.
import { fileURLToPath } from 'node:url';
import { type RawWorker, startRawSdkWorker } from '../raw-worker.js';
import { rawFlowActivities } from './activities.js';

const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export type RawFlowWorker = RawWorker;

export function startRawFlowWorker(address: string, namespace: string): Promise<RawFlowWorker> {
  return startRawSdkWorker({
    address,
    namespace,
    workflowsPath: WORKFLOWS,
    activities: rawFlowActivities,
    queuePrefix: 'raw-flow',
  });
}
