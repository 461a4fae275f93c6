import { z } from '@hono/zod-openapi';
import type { Permission } from '../../../services/access/catalogue.js';
import { type BulkWorkflowAction, bulkWorkflowAction } from '../../../services/workflows/bulk-workflows.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses, jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';

const BulkIds = z
  .strictObject({
    ids: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'ids must be unique')
      .openapi({ example: ['wf_01JD3Y6S2W8Q9R7T5V4X3Z2A1B', 'wf_01JD3Y6S2W8Q9R7T5V4X3Z2A1C'] }),
  })
  .openapi('BulkWorkflowsRequest');

const BulkResult = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: z.string().optional().openapi({ description: 'The workflow status afterwards' }),
        version: z.number().int().optional().openapi({ description: 'The published version (publish)' }),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .openapi('BulkWorkflowsResult');

const ACTIONS: {
  action: BulkWorkflowAction;
  /** Written out, so each served path can be found as it is. */
  path: `/api/v1/bulk/workflows/${BulkWorkflowAction}`;
  permission: Permission;
  summary: string;
  operationId: string;
}[] = [
  {
    action: 'publish',
    path: '/api/v1/bulk/workflows/publish',
    permission: 'workflows:publish',
    summary: 'Publish many workflows',
    operationId: 'bulkPublishWorkflows',
  },
  {
    action: 'archive',
    path: '/api/v1/bulk/workflows/archive',
    permission: 'workflows:publish',
    summary: 'Archive many workflows',
    operationId: 'bulkArchiveWorkflows',
  },
  {
    action: 'delete',
    path: '/api/v1/bulk/workflows/delete',
    permission: 'workflows:write',
    summary: 'Delete many workflows',
    operationId: 'bulkDeleteWorkflows',
  },
];

/**
 * One route per action, each item processed on its own like the single-workflow route would: a
 * missing or foreign id fails that item with `not_found` and the others go ahead.
 */
export function registerBulkWorkflowRoutes(app: App) {
  for (const { action, path, permission, summary, operationId } of ACTIONS) {
    const route = defineRoute(permission, {
      method: 'post',
      path,
      operationId,
      tags: ['Bulk Operations'],
      summary,
      description:
        'Up to 100 distinct ids. Answers 200 with a result per id (in request order) whether or not each succeeded.',
      request: { body: jsonBody(BulkIds) },
      problems: ['invalid_definition'],
      responses: { 200: jsonResponse(BulkResult, 'Per-id results'), ...errorResponses(400, 413, 415) },
    });
    app.openapi(route, async (c) =>
      c.json(await bulkWorkflowAction(serviceContext(c), action, c.req.valid('json').ids), 200),
    );
  }
}
