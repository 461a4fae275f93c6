import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { CODEC_COOKIE } from '../services/codec/session-tokens.js';
import { type AppDeps, platformOf } from './deps.js';
import { registerDocs } from './docs.js';
import type { App, AppEnv } from './env.js';
import { onError, onNotFound, validationHook } from './errors.js';
import { registerMetricsRoute } from './metrics-route.js';
import { requireJsonBodies } from './middleware/content-type/index.js';
import { createHttpMetrics } from './middleware/metrics/index.js';
import { assignRequestId } from './middleware/request-id/index.js';
import { requestLog } from './middleware/request-log/index.js';
import { refuseUnsafeText } from './middleware/text-safety/index.js';
import { problemCodesDocument } from './openapi.js';
import { problem } from './problem.js';
import { registerAgentTasksRoutes } from './routes/agent-tasks/index.js';
import { registerAgentsRoutes } from './routes/agents/index.js';
import { registerAiRoutes } from './routes/ai/index.js';
import { registerApprovalsRoutes } from './routes/approvals/index.js';
import { registerAuthRoutes } from './routes/auth/index.js';
import { registerBulkRoutes } from './routes/bulk/index.js';
import { registerCodecCors, registerCodecRoutes } from './routes/codec/index.js';
import { registerConnectedAppsRoutes } from './routes/connected-apps/index.js';
import { registerCredentialsRoutes } from './routes/credentials/index.js';
import { registerExecutionsRoutes } from './routes/executions/index.js';
import { registerExportRoutes } from './routes/export/index.js';
import { registerHealthRoutes } from './routes/health/index.js';
import { registerIntegrationsRoutes } from './routes/integrations/index.js';
import { registerNotificationsRoutes } from './routes/notifications/index.js';
import { registerSchedulesRoutes } from './routes/schedules/index.js';
import { registerSystemRoutes } from './routes/system/index.js';
import { registerTaskTypesRoutes } from './routes/task-types/index.js';
import { registerTemplatesRoutes } from './routes/templates/index.js';
import { registerTriggersRoutes } from './routes/triggers/index.js';
import { registerWebhooksRoutes } from './routes/webhooks/index.js';
import { registerWorkflowVariablesRoutes } from './routes/workflow-variables/index.js';
import { registerWorkflowsRoutes } from './routes/workflows/index.js';

/** Builds the HTTP app. Middleware order matters: ids and logging first, so every answer has both. */
export function buildApp(deps: AppDeps): App {
  // strict: false so `/api/health` and `/api/health/` both match: the references use both spellings.
  // Routes are therefore defined without a trailing slash (Hono would never match one that has it).
  const app: App = new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });
  const metrics = createHttpMetrics();
  const platform = platformOf(deps);

  app.use(assignRequestId);
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('platform', platform);
    c.set(
      'logger',
      deps.logger.child({
        request_id: c.get('requestId'),
        client_request_id: c.get('clientRequestId') ?? undefined,
      }),
    );
    await next();
  });
  app.use(metrics.middleware);
  app.use(requestLog);
  registerCodecCors(app);
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: (c) =>
        problem(c, 413, 'payload_too_large', `Request body exceeds ${deps.config.BODY_LIMIT_BYTES} bytes`),
    }),
  );
  app.use('/api/*', requireJsonBodies);
  app.use('/api/*', refuseUnsafeText);

  registerHealthRoutes(app);
  registerAuthRoutes(app);
  registerSystemRoutes(app);
  registerWorkflowsRoutes(app);
  registerWorkflowVariablesRoutes(app);
  registerExecutionsRoutes(app);
  registerApprovalsRoutes(app);
  registerSchedulesRoutes(app);
  registerTriggersRoutes(app);
  registerAgentsRoutes(app);
  registerWebhooksRoutes(app);
  registerAgentTasksRoutes(app);
  registerConnectedAppsRoutes(app);
  registerIntegrationsRoutes(app);
  registerCredentialsRoutes(app);
  registerAiRoutes(app);
  registerNotificationsRoutes(app);
  registerTemplatesRoutes(app);
  registerTaskTypesRoutes(app);
  registerBulkRoutes(app);
  registerExportRoutes(app);
  registerCodecRoutes(app);
  registerMetricsRoute(app, metrics.registry);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Access token from POST /api/v1/auth/login',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'codecSession', {
    type: 'apiKey',
    in: 'cookie',
    name: CODEC_COOKIE,
    description:
      'The codec endpoints only: the cookie a codec session link sets (POST /api/v1/codec/session)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Conveyor API',
      version: deps.version,
      description:
        'Durable workflows on Temporal: definitions, executions, approvals, schedules, robots and AI steps.',
    },
    'x-problem-codes': problemCodesDocument(),
  });
  registerDocs(app);

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
