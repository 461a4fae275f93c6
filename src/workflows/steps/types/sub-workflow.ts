import { ApplicationFailure, proxyActivities, startChild } from '@temporalio/workflow';
import { z } from 'zod';
import type { SubWorkflowActivities } from '../../../activities/sub-workflow.js';
import {
  ConveyorExecutionId,
  ConveyorOrgId,
  ConveyorTrigger,
  ConveyorWorkflowId,
} from '../../../temporal/search-attributes.js';
import { type ExecutionInput, INTERPRETER_WORKFLOW_TYPE } from '../../execution-input.js';
import { defineStepType } from '../step-type.js';

// Preparing the child is a short database write; the step's own retry and timeout are not used
// for it (the child's steps carry their own policies).
const acts = proxyActivities<SubWorkflowActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/**
 * How deep `sub_workflow` steps may nest. A workflow that starts itself (directly or through
 * others) stops here with SUB_WORKFLOW_DEPTH instead of spawning runs without end; with `wait:
 * false` nothing else would ever stop it.
 */
export const MAX_SUB_WORKFLOW_DEPTH = 10;

/**
 * Runs another published workflow of the organization as a Temporal child: its own execution
 * (trigger `sub_workflow`), its own history, found in the API like any run.
 */
export default defineStepType({
  type: 'sub_workflow',
  description:
    'Run another published workflow of this organization as a child execution with `input` (templates allowed). Output: the child run output, or { execution_id } when `wait` is false.',
  config: z.strictObject({
    workflow_id: z.string().min(1).max(200),
    input: z.record(z.string(), z.unknown()).optional(),
    version: z.number().int().min(1).optional(),
    wait: z.boolean().default(true),
  }),
  async run(ctx, step) {
    const { config } = step;
    const depth = (ctx.execution.subWorkflowDepth ?? 0) + 1;
    if (depth > MAX_SUB_WORKFLOW_DEPTH) {
      throw ApplicationFailure.nonRetryable(
        `sub_workflow steps nest at most ${MAX_SUB_WORKFLOW_DEPTH} deep`,
        'SUB_WORKFLOW_DEPTH',
      );
    }
    const input = await ctx.render<unknown>(config.input ?? {});
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw ApplicationFailure.nonRetryable('sub_workflow input must render to an object', 'INPUT_INVALID');
    }
    const prepared: ExecutionInput = await acts.prepareChildExecution({
      orgId: ctx.execution.orgId,
      parentExecutionId: ctx.execution.executionId,
      workflowId: await ctx.render<string>(config.workflow_id),
      ...(config.version === undefined ? {} : { version: config.version }),
      input: input as Record<string, unknown>,
      path: ctx.path,
    });
    const child: ExecutionInput = { ...prepared, subWorkflowDepth: depth };
    const options = {
      workflowId: child.executionId,
      args: [child] as [ExecutionInput],
      typedSearchAttributes: [
        { key: ConveyorOrgId, value: child.orgId },
        { key: ConveyorWorkflowId, value: child.workflowId },
        { key: ConveyorExecutionId, value: child.executionId },
        { key: ConveyorTrigger, value: child.trigger },
      ],
      staticSummary: `${child.workflowId} v${child.version} (from ${ctx.path})`,
    };
    // A child we wait for ends with its parent; a fire-and-forget child must outlive it. (`?? true`:
    // nested steps are stored without schema defaults.)
    const wait = config.wait ?? true;
    const handle = await startChild(INTERPRETER_WORKFLOW_TYPE, {
      ...options,
      parentClosePolicy: wait ? 'TERMINATE' : 'ABANDON',
    });
    ctx.log('info', `Started child execution ${child.executionId}`, { execution_id: child.executionId });
    if (!wait) return { execution_id: child.executionId };
    return handle.result();
  },
});
