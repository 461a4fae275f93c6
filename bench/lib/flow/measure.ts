// Timed runs of a sequential flow, Conveyor's or a hand-written baseline's, with the endpoint's
// own record of each call so the time can be split into "the endpoint working" and "the engine
// moving from one step to the next".
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { apiCall } from '../api-client.js';
import { epochMs, type FiboRequest, type FiboServer } from '../fibo-server.js';
import { median } from '../stats.js';

export interface FlowSample {
  totalMs: number;
  workflowId: string;
  /** Epoch ms: the request that started the run, and when its result was seen. */
  begun: number;
  ended: number;
  /** Epoch ms when the start request was answered (the run exists in Temporal). */
  accepted: number;
  calls: FiboRequest[];
  /** CPU time of this process (API, worker, its threads, the client) during the run, ms. */
  cpuMs: number;
}

/** One way of running the flow; resolves once its result is known. */
export interface FlowVariant {
  name: string;
  run(): Promise<{ workflowId: string; accepted: number }>;
}

/** Conveyor through its API: POST execute, then Temporal's result of that execution. */
export function conveyorVariant(
  name: string,
  api: { url: string; token: string; workflowId: string },
  client: Client,
): FlowVariant {
  return {
    name,
    async run() {
      const started = await apiCall<{ execution_id: string }>(
        api.url,
        api.token,
        'POST',
        `/api/v1/workflows/${api.workflowId}/execute`,
        { input: {} },
      );
      const accepted = epochMs();
      // The run records its outcome in the read model (a local activity) before it completes,
      // so Temporal's result arrives after the database already shows the run as completed.
      await client.workflow.getHandle(started.execution_id).result();
      return { workflowId: started.execution_id, accepted };
    },
  };
}

/** A hand-written workflow started and awaited with the plain client. */
export function rawVariant(
  name: string,
  client: Client,
  workflowType: string,
  taskQueue: string,
  args: unknown[],
): FlowVariant {
  let count = 0;
  return {
    name,
    async run() {
      count += 1;
      const workflowId = `${workflowType}-${process.pid}-${Date.now()}-${count}`;
      const handle = await client.workflow.start(workflowType, { taskQueue, workflowId, args });
      const accepted = epochMs();
      await handle.result();
      return { workflowId, accepted };
    },
  };
}

/**
 * Runs every variant `warmup + runs` times, interleaved round by round so a noisy moment on the
 * shared machine hits them all alike. Warm-up rounds are dropped.
 */
export async function measureRounds(
  variants: FlowVariant[],
  fibo: FiboServer,
  options: { warmup: number; runs: number; expectedCalls: number },
): Promise<Map<string, FlowSample[]>> {
  const samples = new Map<string, FlowSample[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const variant of variants) {
      await fibo.takeRequests();
      const cpu = process.cpuUsage();
      const begun = epochMs();
      const { workflowId, accepted } = await variant.run();
      const ended = epochMs();
      const used = process.cpuUsage(cpu);
      const calls = await fibo.takeRequests();
      if (calls.length !== options.expectedCalls) {
        throw new Error(`${variant.name}: ${calls.length} calls, expected ${options.expectedCalls}`);
      }
      if (round >= options.warmup) {
        samples.get(variant.name)?.push({
          totalMs: ended - begun,
          workflowId,
          begun,
          ended,
          accepted,
          calls,
          cpuMs: (used.user + used.system) / 1000,
        });
      }
    }
  }
  return samples;
}

/** The sample whose total is the median (the one whose history is shown). */
export function medianSample(samples: FlowSample[]): FlowSample {
  const m = median(samples.map((s) => s.totalMs));
  return samples.find((s) => s.totalMs === m) as FlowSample;
}

export interface CallSplit {
  /** From the start request to its answer (API or client start: the run exists in Temporal). */
  startMs: number;
  /** From that answer to the first call reaching the endpoint (first workflow task, first step). */
  toFirstCallMs: number;
  /** Mean time from one call's answer to the next call's arrival: the engine's cost per step. */
  betweenCallsMs: number;
  /** Total time the endpoint spent computing. */
  computeMs: number;
  /** From the last answer to the result being seen by the caller. */
  afterLastCallMs: number;
}

export function splitCalls(sample: FlowSample): CallSplit {
  const { calls } = sample;
  const first = calls[0] as FiboRequest;
  const last = calls.at(-1) as FiboRequest;
  let between = 0;
  for (let i = 1; i < calls.length; i++) {
    between += (calls[i] as FiboRequest).arrived - (calls[i - 1] as FiboRequest).answered;
  }
  return {
    startMs: sample.accepted - sample.begun,
    toFirstCallMs: first.arrived - sample.accepted,
    betweenCallsMs: calls.length > 1 ? between / (calls.length - 1) : 0,
    computeMs: calls.reduce((sum, c) => sum + c.answered - c.arrived, 0),
    afterLastCallMs: sample.ended - last.answered,
  };
}

export const describeSplit = (split: CallSplit) =>
  `start request ${split.startMs.toFixed(1)} ms, then to first call ${split.toFirstCallMs.toFixed(1)} ms, between calls ${split.betweenCallsMs.toFixed(2)} ms per step, ` +
  `endpoint computing ${split.computeMs.toFixed(1)} ms in all, last answer → result ${split.afterLastCallMs.toFixed(1)} ms`;

export async function historyOf(
  client: Client,
  workflowId: string,
): Promise<temporal.api.history.v1.IHistory> {
  return client.workflow.getHandle(workflowId).fetchHistory();
}
