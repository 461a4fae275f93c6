import type { Payload } from '@temporalio/common';
import { requirePermission, type ServiceContext } from '../context.js';
import { assertServedNamespace, type CodecRequest } from './codec-request.js';

/**
 * The UI's and the CLI's encode (signal and query arguments typed by a person): sealed for no
 * owner, so the workers read them and no codec request opens them again.
 */
export async function encodePayloads(ctx: ServiceContext, request: CodecRequest): Promise<Payload[]> {
  requirePermission(ctx, 'executions:read');
  assertServedNamespace(ctx, request.namespace);
  return ctx.temporal.codec.seal(request.payloads, '');
}
