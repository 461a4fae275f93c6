import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { callIntegration, type IntegrationCall } from './call-integration.js';
import { findIntegration } from './integration-resource.js';

export interface TestRequestInput {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  timeout_seconds?: number;
}

/**
 * Sends one request through the integration with its auth and answers what came back: status,
 * headers, timing and the body (cut to 64 KiB), with every secret that authenticated it masked.
 */
export async function testIntegration(
  ctx: ServiceContext,
  id: string,
  input: TestRequestInput,
): Promise<IntegrationCall> {
  requirePermission(ctx, 'integrations:write');
  const integration = await findIntegration(ctx.db, ctx.orgId, id);
  const answer = await callIntegration(ctx, integration, {
    method: input.method,
    path: input.path,
    headers: input.headers,
    query: input.query,
    body: input.body,
    timeoutMs: (input.timeout_seconds ?? 30) * 1000,
  });
  await recordAudit(ctx.db, ctx, {
    action: 'integration.test',
    resourceType: 'integration',
    resourceId: id,
    details: { method: input.method, path: input.path, status: answer.ok ? answer.status : null },
  });
  return answer;
}
