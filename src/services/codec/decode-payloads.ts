import type { Payload } from '@temporalio/common';
import { ownerOf } from '../../temporal/payload-codec.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { assertServedNamespace, type CodecRequest } from './codec-request.js';
import { workflowIdsOwnedBy } from './payload-owners.js';

/**
 * The Web UI's and the CLI's decode: a payload is opened only when its owner (a workflow id bound
 * to it at encryption) belongs to the caller's organization. Every other payload, another
 * organization's, an unknown owner's, nobody's, or one that fails to open, comes back exactly as
 * it was sent, so the answer says nothing about whose it is. Plain payloads pass through.
 */
export async function decodePayloads(ctx: ServiceContext, request: CodecRequest): Promise<Payload[]> {
  requirePermission(ctx, 'executions:read');
  assertServedNamespace(ctx, request.namespace);
  const owners = request.payloads.map(ownerOf);
  const own = await workflowIdsOwnedBy(
    ctx,
    owners.filter((owner): owner is string => owner !== undefined),
  );
  let undecodable = 0;
  const decoded = request.payloads.map((payload, index) => {
    const owner = owners[index];
    if (owner === undefined || !own.has(owner)) return payload;
    try {
      return ctx.temporal.codec.open(payload);
    } catch {
      undecodable += 1;
      return payload;
    }
  });
  if (undecodable > 0)
    ctx.logger.warn({ undecodable }, 'codec: payloads of this organization failed to open');
  return decoded;
}
