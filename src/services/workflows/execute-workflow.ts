import { ApiError, validationFailed } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { launchExecution } from '../executions/launch-execution.js';

export const IDEMPOTENCY_KEY_LIMIT = 200;

/**
 * A client's key in the space the organization's keys share with Conveyor's own (`webhook:<trigger>:
 * <delivery>`, `event:…`): prefixed, so a client who sends `Idempotency-Key: webhook:trg_1:msg_9`
 * cannot start a run that a later webhook delivery would be answered with instead of its own.
 */
export const clientIdempotencyKey = (key: string) => `client:${key}`;

/**
 * Starts a run of the workflow's newest published version. With an Idempotency-Key, repeating the
 * request (even concurrently) answers with the execution the key first started, never a second
 * run; the same key for a different workflow is a client bug and is refused.
 */
export async function executeWorkflow(
  ctx: ServiceContext,
  id: string,
  request: { input: Record<string, unknown>; idempotencyKey?: string },
) {
  requirePermission(ctx, 'workflows:execute');
  const key = request.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_LIMIT)) {
    throw validationFailed(
      'Idempotency-Key header',
      [
        {
          path: 'header.idempotency-key',
          code: 'too_big',
          message: `must be 1 to ${IDEMPOTENCY_KEY_LIMIT} characters`,
        },
      ],
      'Invalid Idempotency-Key header',
    );
  }
  const result = await launchExecution(ctx, {
    workflowId: id,
    input: request.input,
    // People start runs by hand; robots and API keys are integrations calling the API.
    trigger: ctx.actor.type === 'user' ? 'manual' : 'api',
    idempotencyKey: key === undefined ? undefined : clientIdempotencyKey(key),
  });
  if (result.execution.workflowId !== id) {
    throw new ApiError(
      'idempotency_key_reused',
      'This Idempotency-Key already started an execution of another workflow',
      { details: { execution_id: result.execution.id } },
    );
  }
  return result;
}
