import { z } from '@hono/zod-openapi';
import { CHECK_TRIGGERS, HEALTH_CHECK_METHODS, INTEGRATION_STATUSES } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const IntegrationIdParam = idParam('id', 'int_01JD3Y6S2W8Q9R7T5V4X3Z2A1B');

const Name = z.string().trim().min(1).max(64);
const Path = z.string().min(1).max(2000).regex(/^\//, 'starts with /');

const Auth = z
  .union([z.object({ credential: Name }).strict(), z.object({ connected_app: Name }).strict()])
  .nullable()
  .openapi({ description: 'A credential or connected app of the organization, by name; null for none' });

const HealthCheck = z
  .object({
    path: Path.default('/'),
    method: z.enum(HEALTH_CHECK_METHODS).default('GET'),
    expected_status: z.array(z.number().int().min(100).max(599)).min(1).max(20).default([200]),
    body_assertion: z.string().min(1).max(2000).nullable().optional().openapi({
      description: 'A JSONata expression over the parsed body, bounded; true is healthy',
      example: "status = 'ok'",
    }),
    timeout_seconds: z.number().int().min(1).max(60).default(10),
  })
  .strict();

export const IntegrationBody = z
  .object({
    name: Name.openapi({ example: 'Billing API' }),
    description: z.string().max(2000).optional(),
    base_url: z.string().min(1).max(2000).openapi({ example: 'https://api.example.com' }),
    auth: Auth.optional(),
    health_check: HealthCheck.default({
      path: '/',
      method: 'GET',
      expected_status: [200],
      timeout_seconds: 10,
    }),
    interval_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional()
      .openapi({ description: 'At least INTEGRATION_MIN_INTERVAL_SECONDS (60 by default); default 300' }),
    failure_threshold: z.number().int().min(1).max(20).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('IntegrationRequest');

export const AlertSchema = z
  .object({
    id: z.string(),
    integration_id: z.string(),
    opened_at: z.string(),
    failures: z.number().int(),
    last_error: z.string().nullable(),
    resolved_at: z.string().nullable(),
  })
  .openapi('IntegrationAlert');

export const IntegrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    base_url: z.string(),
    auth: Auth,
    health_check: z.object({
      path: z.string(),
      method: z.enum(HEALTH_CHECK_METHODS),
      expected_status: z.array(z.number().int()),
      body_assertion: z.string().nullable(),
      timeout_seconds: z.number().int(),
    }),
    interval_seconds: z.number().int(),
    failure_threshold: z.number().int(),
    enabled: z.boolean(),
    status: z.enum(INTEGRATION_STATUSES),
    consecutive_failures: z.number().int(),
    last_checked_at: z.string().nullable(),
    last_latency_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Integration');

export const IntegrationDetailSchema = IntegrationSchema.extend({
  open_alert: AlertSchema.nullable(),
}).openapi('IntegrationDetail');

export const CheckSchema = z
  .object({
    id: z.string(),
    integration_id: z.string(),
    ok: z.boolean(),
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    error: z.string().nullable(),
    trigger: z.enum(CHECK_TRIGGERS),
    checked_at: z.string(),
  })
  .openapi('IntegrationCheck');

export const CheckOutcomeSchema = z
  .object({
    check: CheckSchema,
    alert: z.object({ state: z.enum(['opened', 'resolved']), alert: AlertSchema }).nullable(),
  })
  .openapi('IntegrationCheckOutcome');
