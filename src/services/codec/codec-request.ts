import type { Payload } from '@temporalio/common';
import { ApiError } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';

export interface CodecRequest {
  /** The UI's `X-Namespace`; absent from the CLI. */
  namespace: string | undefined;
  payloads: Payload[];
}

/** A codec request for another namespace is a misconfigured UI or CLI: say so rather than pass it through. */
export function assertServedNamespace(ctx: ServiceContext, namespace: string | undefined) {
  if (namespace !== undefined && namespace !== ctx.temporal.namespace) {
    throw new ApiError(
      'namespace_mismatch',
      `This API serves the Temporal namespace ${ctx.temporal.namespace}`,
    );
  }
}
