import { startCodecSession } from '../../../services/codec/start-codec-session.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CodecSessionSchema } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'post',
  path: '/api/v1/codec/session',
  operationId: 'startCodecSession',
  tags: ['Codec'],
  summary: "A link that lets this browser's Temporal Web UI decrypt your organization's payloads",
  description:
    "The dev server's Web UI has no login, so it cannot send an access token to the codec. Open the answer's `url` (valid 60 s) in the browser that shows the UI: it sets an 8-hour, HttpOnly codec session cookie and redirects to the UI. Then turn on \"Include cross-origin credentials\" in the UI's codec settings (docs/codec.md).",
  problems: ['origin_not_allowed'],
  responses: { 201: jsonResponse(CodecSessionSchema, 'The session link') },
});

export function registerStartCodecSessionRoute(app: App) {
  app.openapi(route, async (c) => {
    const session = await startCodecSession(serviceContext(c), { requestOrigin: new URL(c.req.url).origin });
    return c.json({ url: session.url, expires_at: session.expiresAt.toISOString() }, 201);
  });
}
