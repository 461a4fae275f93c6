import { z } from '@hono/zod-openapi';
import { decideApprovalRequest } from '../../../services/approvals/decide-approval.js';
import type { DecisionKind } from '../../../workflows/messages.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ApprovalIdParam, DecisionAnswer, DecisionBody } from './schemas.js';

const ACTIONS = {
  approve: {
    path: '/api/v1/hitl-approvals/{id}/approve',
    operationId: 'approveApproval',
    summary: 'Approve a request',
    effect:
      'Counts towards the approvals the current level requires (N of M); the last one approves the request.',
  },
  reject: {
    path: '/api/v1/hitl-approvals/{id}/reject',
    operationId: 'rejectApproval',
    summary: 'Reject a request',
    effect: "Rejects the request at once; the step completes with outcome 'rejected' and the run goes on.",
  },
  escalate: {
    path: '/api/v1/hitl-approvals/{id}/escalate',
    operationId: 'escalateApproval',
    summary: 'Escalate a request to its next level',
    effect: 'Hands the request to the next escalation level; past the last level it is rejected.',
  },
} as const satisfies Record<
  DecisionKind,
  { path: string; operationId: string; summary: string; effect: string }
>;

const COMMON =
  'The run checks the decision: 403 `not_an_approver` (not listed at the current level, by user or role) or ' +
  '`self_approval_forbidden` (you started the run), 400 `invalid_payload` (the form is not satisfied; `errors` ' +
  'lists why), 409 `already_decided` or `approval_closed` (decided, timed out, or the run ended). A refused ' +
  'decision leaves no trace in the run. With the same Idempotency-Key a repeated request gets the first answer ' +
  'and makes no second decision. 503 `temporal_unavailable` when the run does not answer within 10 s.';

function decisionRoute(decision: DecisionKind) {
  const action = ACTIONS[decision];
  return defineRoute('approvals:decide', {
    method: 'post',
    // Written out in ACTIONS so each path can be found as it is served.
    path: action.path,
    operationId: action.operationId,
    tags: ['HITL Approvals'],
    summary: action.summary,
    description: `${action.effect} ${COMMON}`,
    'x-resource': 'approval',
    request: {
      params: ApprovalIdParam,
      headers: z.object({
        'idempotency-key': z
          .string()
          .min(1)
          .max(200)
          .optional()
          .openapi({ description: 'Repeat-safe key chosen by the client', example: 'po-4711-ok' }),
      }),
      body: { required: false, content: { 'application/json': { schema: DecisionBody } } },
    },
    problems: [
      'already_decided',
      'approval_closed',
      'invalid_payload',
      'not_an_approver',
      'not_found',
      'self_approval_forbidden',
      'temporal_unavailable',
    ],
    responses: {
      200: jsonResponse(DecisionAnswer, 'Accepted: the request as it now stands'),
      ...errorResponses(400, 404, 409, 503),
    },
  });
}

/** POST …/approve, …/reject and …/escalate: one contract, three decisions. */
export function registerDecideApprovalRoutes(app: App) {
  for (const decision of ['approve', 'reject', 'escalate'] as const) {
    app.openapi(decisionRoute(decision), async (c) => {
      const body = (c.req.valid('json') ?? {}) as z.infer<typeof DecisionBody>;
      const result = await decideApprovalRequest(serviceContext(c), c.req.valid('param').id, {
        decision,
        comment: body.comment,
        payload: body.payload,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      });
      return c.json(result, 200);
    });
  }
}
