import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import { z } from 'zod';
import type { ApprovalActivities } from '../../../activities/approvals.js';
import { newApprovalId } from '../../approvals/approval-id.js';
import {
  type ApprovalLevel,
  type ApprovalRequest,
  outputOf,
  snapshotOf,
  startLevel,
} from '../../approvals/board.js';
import { durationMs } from '../../definition/durations.js';
import { DurationSchema } from '../../definition/schema.js';
import { defineStepType, type StepContext } from '../step-type.js';

// Database writes, retried until they land: a decision the workflow accepted must reach the read model.
const acts = proxyActivities<ApprovalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const local = proxyLocalActivities<ApprovalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

const TIMEOUT_ACTIONS = ['reject', 'approve', 'escalate'] as const;

const Approvers = z
  .strictObject({
    users: z.array(z.string().min(1).max(200)).max(100).optional(),
    roles: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .refine((a) => (a.users?.length ?? 0) + (a.roles?.length ?? 0) > 0, 'name at least one user or role');

const Level = z.strictObject({
  approvers: Approvers,
  required: z.number().int().min(1).max(100).optional(),
  timeout: DurationSchema.optional(),
  on_timeout: z.enum(TIMEOUT_ACTIONS).optional(),
});

// Only checkable for a list of users: a role's members change over time. (No approvers at all is
// reported by the approvers' own rule.)
const tooFewApprovers = (level: { approvers: { users?: string[]; roles?: string[] }; required?: number }) => {
  const users = new Set(level.approvers.users).size;
  return !level.approvers.roles?.length && users > 0 && (level.required ?? 1) > users;
};

/**
 * A human decision. The run waits durably (a Temporal condition with the level's timeout: no
 * worker holds anything while it waits) for decisions that arrive as a Temporal Update, checked by
 * the Update's validator so a refused one never enters the history. A rejection is not a failure:
 * the step completes with `outcome: 'rejected'`, and later steps branch on it.
 */
export default defineStepType({
  type: 'approval',
  description:
    'Wait for people to approve. `approvers` ({ users, roles }) decide; `required` approvals (N of M) approve, any rejection rejects. ' +
    "`timeout` applies `on_timeout` (reject (default), approve or escalate); `escalation` lists the next levels, reached by an 'escalate' decision or timeout; " +
    'escalating past the last level rejects. `form` (JSON Schema) checks the decision payload. The run starter may not decide unless `allow_self_approval`. ' +
    "Output: { approval_id, outcome: 'approved' | 'rejected', decided_by, decisions, level, timed_out, payload }: a rejection completes the step, it does not fail it.",
  config: z
    .strictObject({
      message: z.string().min(1).max(10_000),
      approvers: Approvers,
      required: z.number().int().min(1).max(100).default(1),
      timeout: DurationSchema.optional(),
      on_timeout: z.enum(TIMEOUT_ACTIONS).default('reject'),
      escalation: z.array(Level).max(10).optional(),
      form: z
        .record(z.string(), z.unknown())
        .refine((form) => form.type === undefined || form.type === 'object', 'a form describes an object')
        .optional(),
      allow_self_approval: z.boolean().default(false),
    })
    .superRefine((config, ctx) => {
      for (const [index, level] of [config, ...(config.escalation ?? [])].entries()) {
        if (tooFewApprovers(level)) {
          ctx.addIssue({
            code: 'custom',
            path: index === 0 ? ['required'] : ['escalation', index - 1, 'required'],
            message: 'more approvals required than approvers listed',
          });
        }
      }
    }),
  async run(ctx, step) {
    const { config } = step;
    const rendered = await ctx.render<{ message: unknown; approvers: unknown; escalation: unknown[] }>({
      message: config.message,
      approvers: config.approvers,
      escalation: (config.escalation ?? []).map((level) => level.approvers),
    });
    const levels: ApprovalLevel[] = [
      {
        ...approversOf(rendered.approvers),
        required: config.required ?? 1,
        timeoutMs: config.timeout === undefined ? undefined : durationMs(config.timeout),
        onTimeout: config.on_timeout ?? 'reject',
      },
      ...(config.escalation ?? []).map((level, index) => ({
        ...approversOf(rendered.escalation[index]),
        required: level.required ?? 1,
        timeoutMs: level.timeout === undefined ? undefined : durationMs(level.timeout),
        onTimeout: level.on_timeout ?? 'reject',
      })),
    ];
    const board = ctx.approvals;
    board.runStarter ??= {
      userId: await local.findRunStarter({
        orgId: ctx.execution.orgId,
        executionId: ctx.execution.executionId,
      }),
    };
    // On the board before the row exists: the API only sends decisions for rows it can read.
    const approval: ApprovalRequest = {
      id: newApprovalId(),
      stepPath: ctx.path,
      levels,
      level: 0,
      requestedBy: board.runStarter.userId,
      allowSelfApproval: config.allow_self_approval ?? false,
      form: config.form,
      decisions: [],
      status: 'pending',
      revision: 0,
      timedOut: false,
    };
    startLevel(approval, 0);
    board.add(approval);
    const message =
      typeof rendered.message === 'string' ? rendered.message : JSON.stringify(rendered.message);
    try {
      const opened = await acts.openApprovalRequest({
        orgId: ctx.execution.orgId,
        executionId: ctx.execution.executionId,
        workflowId: ctx.execution.workflowId,
        snapshot: snapshotOf(approval),
        message,
        requestedBy: approval.requestedBy,
        allowSelfApproval: approval.allowSelfApproval,
        form: approval.form ?? null,
      });
      approval.stepPath = opened.stepPath;
      ctx.log('info', `Waiting for approval ${approval.id}`, { approval_id: approval.id });
      await waitForDecision(ctx, approval);
    } catch (error) {
      if (isCancellation(error) && approval.status === 'pending') {
        board.cancel(approval);
        await CancellationScope.nonCancellable(() => record(ctx, approval));
      }
      throw error;
    }
    const output = outputOf(approval);
    ctx.log('info', `Approval ${approval.id} ${approval.status}`, { outcome: output.outcome });
    return output;
  },
});

/** Records each change to the read model, and waits for the next one or the level's timeout. */
async function waitForDecision(ctx: StepContext, approval: ApprovalRequest): Promise<void> {
  let recorded = approval.revision;
  for (;;) {
    if (approval.revision !== recorded) {
      // Decisions landing while this records are picked up by the next pass.
      recorded = approval.revision;
      await record(ctx, approval);
      continue;
    }
    if (approval.status !== 'pending') return;
    const changed = () => approval.revision !== recorded;
    const deadline = approval.levelDeadline;
    if (deadline === undefined) {
      await condition(changed);
    } else if (!(deadline > Date.now() && (await condition(changed, deadline - Date.now())))) {
      if (!changed()) ctx.approvals.expire(approval);
    }
  }
}

function record(ctx: StepContext, approval: ApprovalRequest): Promise<void> {
  return acts.recordApprovalState({
    orgId: ctx.execution.orgId,
    executionId: ctx.execution.executionId,
    workflowId: ctx.execution.workflowId,
    snapshot: snapshotOf(approval),
  });
}

/** Rendered approvers: each entry may be a template yielding one id/name or a list of them. */
function approversOf(value: unknown): { users: string[]; roles: string[] } {
  const list = (raw: unknown) => [
    ...new Set([raw].flat(2).filter((item): item is string => typeof item === 'string' && item !== '')),
  ];
  const approvers = (value ?? {}) as { users?: unknown; roles?: unknown };
  return { users: list(approvers.users), roles: list(approvers.roles) };
}
