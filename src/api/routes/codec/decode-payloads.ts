import { decodePayloads } from '../../../services/codec/decode-payloads.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { authenticateCodec } from '../../middleware/codec-access/index.js';
import { jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CodecHeadersSchema, CodecPayloadsSchema, fromWire, toWire } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'post',
  path: '/api/v1/codec/decode',
  operationId: 'decodePayloads',
  tags: ['Codec'],
  summary: "Decrypt Temporal payloads of your organization's runs (codec server, for the Web UI and CLI)",
  description:
    "Temporal's remote codec protocol. A payload is decrypted only when the run it belongs to is in the caller's organization; every other payload comes back exactly as sent. Authenticated by an access token or by the codec session cookie (`POST /api/v1/codec/session`). Browsers may call it only from the Temporal Web UI's origins (`TEMPORAL_UI_ORIGINS`).",
  request: { headers: CodecHeadersSchema, body: jsonBody(CodecPayloadsSchema) },
  authentication: { middleware: authenticateCodec, schemes: ['bearerAuth', 'codecSession'] },
  problems: ['namespace_mismatch', 'origin_not_allowed'],
  responses: { 200: jsonResponse(CodecPayloadsSchema, 'The payloads, decrypted where they are yours') },
});

export function registerDecodePayloadsRoute(app: App) {
  app.openapi(route, async (c) => {
    const payloads = await decodePayloads(serviceContext(c), {
      namespace: c.req.valid('header')['x-namespace'],
      payloads: c.req.valid('json').payloads.map(fromWire),
    });
    return c.json({ payloads: payloads.map(toWire) }, 200);
  });
}
