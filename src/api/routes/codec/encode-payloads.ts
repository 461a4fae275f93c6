import { encodePayloads } from '../../../services/codec/encode-payloads.js';
import type { App } from '../../env.js';
import { serviceContext } from '../../middleware/auth/index.js';
import { authenticateCodec } from '../../middleware/codec-access/index.js';
import { jsonBody, jsonResponse } from '../../openapi.js';
import { defineRoute } from '../../route.js';
import { CodecHeadersSchema, CodecPayloadsSchema, fromWire, toWire } from './schemas.js';

const route = defineRoute('executions:read', {
  method: 'post',
  path: '/api/v1/codec/encode',
  operationId: 'encodePayloads',
  tags: ['Codec'],
  summary: 'Encrypt payloads for Temporal (codec server, for the Web UI and CLI)',
  description:
    "Temporal's remote codec protocol: seals payloads (signal or query arguments typed in the UI or CLI) under the newest master key, for no owner, so workers read them and no decode request opens them again. Authenticated and limited to the Web UI's origins as decode is.",
  request: { headers: CodecHeadersSchema, body: jsonBody(CodecPayloadsSchema) },
  authentication: { middleware: authenticateCodec, schemes: ['bearerAuth', 'codecSession'] },
  problems: ['namespace_mismatch', 'origin_not_allowed'],
  responses: { 200: jsonResponse(CodecPayloadsSchema, 'The payloads, encrypted') },
});

export function registerEncodePayloadsRoute(app: App) {
  app.openapi(route, async (c) => {
    const payloads = await encodePayloads(serviceContext(c), {
      namespace: c.req.valid('header')['x-namespace'],
      payloads: c.req.valid('json').payloads.map(fromWire),
    });
    return c.json({ payloads: payloads.map(toWire) }, 200);
  });
}
