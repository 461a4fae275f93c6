import { z } from '@hono/zod-openapi';
import { exportExecutions } from '../../../services/executions/export-executions.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { ExecutionFilterQuery, ExecutionSchema, toFilters } from '../executions/schemas.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

const route = defineRoute('executions:read', {
  method: 'get',
  path: '/api/v1/export/executions',
  operationId: 'exportExecutions',
  tags: ['Data Export'],
  summary: 'Download executions as CSV or JSON',
  description:
    'The same filters as the execution list; every matching execution, newest first, streamed as it is read. ' +
    'CSV follows RFC 4180 (input and output as JSON text); cells that a spreadsheet would run as a formula ' +
    '(starting with =, +, -, @) are prefixed with an apostrophe.',
  request: {
    query: ExecutionFilterQuery.extend({ format: z.enum(['csv', 'json']).default('csv') }),
  },
  problems: [],
  responses: {
    200: {
      description: 'The export, as an attachment',
      content: {
        'text/csv': {
          schema: z.string().openapi({
            example:
              'id,workflow_id,workflow_version,status,trigger,started_at,finished_at,duration_ms,error_code,error_message,input,output',
          }),
        },
        'application/json': { schema: z.array(ExecutionSchema) },
      },
    },
    ...errorResponses(400),
  },
});

export function registerExportExecutionsRoute(app: App) {
  app.openapi(route, (c) => {
    const query = c.req.valid('query');
    const chunks = exportExecutions(serviceContext(c), toFilters(query), query.format);
    const logger = c.get('logger');
    const encoder = new TextEncoder();
    // Pulled chunk by chunk: the next batch is read only when the client has taken the last one.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          // The status line is already sent: erroring the stream cuts the response off, so the
          // client sees a broken download instead of a complete-looking, truncated file.
          logger.error({ err: error }, 'execution export failed mid-stream');
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const date = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'Content-Type': CONTENT_TYPES[query.format],
      'Content-Disposition': `attachment; filename="executions-${date}.${query.format}"`,
      'Cache-Control': 'no-store',
    });
  });
}
