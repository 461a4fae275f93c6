/**
 * How long a run asked to cancel through the API has to end by itself before it is terminated.
 * The interpreter normally cancels its steps and records `cancelled` within a workflow task; a
 * run whose workflow tasks cannot complete (a bug, a worker that never polls its queue) would
 * otherwise answer every cancel with 200 and keep running.
 */
export const CANCEL_GRACE_MS = 30_000;

export const CANCEL_ESCALATION_WORKFLOW_TYPE = 'cancelEscalationWorkflow';

export interface CancelEscalationInput {
  executionId: string;
  orgId: string;
  graceMs: number;
}

/** One escalation per run, however often cancel is asked: its Temporal workflow id. */
export const cancelEscalationId = (executionId: string) => `cancel-escalation:${executionId}`;
