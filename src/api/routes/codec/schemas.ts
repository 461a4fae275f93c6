import { z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';

/** One payload of 2 MiB (Temporal's own limit) in base64, with room. */
const BASE64_LIMIT = 3 * 1024 * 1024;
const Base64 = z
  .string()
  .max(BASE64_LIMIT)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** Temporal's proto3 JSON of a Payload: bytes in base64. */
const WirePayloadSchema = z
  .object({
    metadata: z
      .record(z.string().max(256), Base64)
      .refine((m) => Object.keys(m).length <= 32, 'at most 32 keys')
      .optional(),
    data: Base64.optional(),
  })
  .openapi('CodecPayload', {
    example: {
      metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'Y29udmV5b3ItdjE=' },
      data: 'q83vEjRWeJCrze8SNFZ4kA==',
    },
  });

export const CodecPayloadsSchema = z
  .strictObject({ payloads: z.array(WirePayloadSchema).max(1000) })
  .openapi('CodecPayloads', { description: "The Temporal codec server's body, both ways" });

export const CodecHeadersSchema = z.object({
  'x-namespace': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'The Temporal namespace the UI shows; must be the one this API serves' }),
});

export type WirePayload = z.infer<typeof WirePayloadSchema>;

export function fromWire(payload: WirePayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

export function toWire(payload: Payload): WirePayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

export const CodecSessionSchema = z
  .object({
    url: z.url().openapi({ description: 'Open within 60 s in the browser that shows the Temporal Web UI' }),
    expires_at: z.iso.datetime(),
  })
  .openapi('CodecSession');
