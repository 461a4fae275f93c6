import { z } from '@hono/zod-openapi';
import { exportExecutions } from '../../../services/executions/export-executions.js';
import { EXPORT_FORMATS } from '../../../services/lists/export-text.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { errorResponses } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { streamDownload } from '../../stream-download.js';
import { ExecutionFilterQuery, ExecutionSchema, toFilters } from '../executions/schemas.js';

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
    query: ExecutionFilterQuery.extend({ format: z.enum(EXPORT_FORMATS).default('csv') }),
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
    return streamDownload(c, { chunks, format: query.format, name: 'executions' });
  });
}
