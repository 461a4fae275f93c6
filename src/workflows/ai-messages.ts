// What the AI workflows, their activities, the ai.* steps and the API's AI services share.
// Types and pure functions only: the workflow bundle imports this file.

/** The task types, as the routes and `ai.*` steps name them. */
export type AiTaskName = 'ask' | 'analyze' | 'decide' | 'classify' | 'extract' | 'summarize';

export const AI_TASK_WORKFLOW_TYPE = 'aiTaskWorkflow';
export const AI_STATUS_WORKFLOW_TYPE = 'aiStatusWorkflow';

/**
 * The queue AI calls run on, beside the main one: a burst of slow model calls holds the AI
 * worker's slots, never those of the runs' other activities. Derived from the main queue's name,
 * so a workflow (which knows only its own queue) can route its `ai.*` steps there.
 */
export const aiTaskQueue = (mainQueue: string): string =>
  mainQueue.endsWith(AI_QUEUE_SUFFIX) ? mainQueue : `${mainQueue}${AI_QUEUE_SUFFIX}`;
const AI_QUEUE_SUFFIX = '-ai';

/** One AI task to perform: what the API's run and an `ai.*` step hand to the activity. */
export interface AiCall {
  orgId: string;
  /** Who asked (an /ai/* request), or null for a workflow's step. */
  userId: string | null;
  /** The execution whose step made the call, or null for an /ai/* request. */
  executionId: string | null;
  taskType: AiTaskName;
  /** The task's input; the activity checks it against the task type's schema (a step renders it first). */
  input: unknown;
  /** A model of the allow-list, or null for the configured default. */
  model: string | null;
  /** An /ai/ask conversation of `userId`: its earlier turns are sent, and this turn is added. */
  conversationId: string | null;
  /** Publish the answer's text as it arrives (`ai.delta` events) for a streaming /ai/ask. */
  stream: boolean;
}

export interface AiUsageReport {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cost_usd: number;
  /** Requests made to the Messages API, schema retries included. */
  calls: number;
}

/** A task's answer: `result` has the task type's output shape. */
export interface AiOutcome {
  task_type: AiTaskName;
  model: string;
  result: Record<string, unknown>;
  usage: AiUsageReport;
  stop_reason: string | null;
}

/** What /ai/status reports of the Messages API for one organization. */
export interface AiConnectionStatus {
  key_source: 'organization' | 'deployment' | 'none';
  reachable: boolean | null;
  latency_ms: number | null;
  error: { code: string; message: string } | null;
  checked_at: string;
}

export interface AiStatusInput {
  orgId: string;
}
