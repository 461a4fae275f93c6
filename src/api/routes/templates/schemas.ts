import { z } from '@hono/zod-openapi';
import { idParam } from '../../openapi.js';

export const TemplateIdParam = idParam('id', 'http-health-check-with-alert');

export const TemplateSchema = z
  .object({
    id: z.string().openapi({ example: 'http-health-check-with-alert' }),
    name: z.string(),
    description: z.string(),
    category: z.string().openapi({ example: 'monitoring' }),
    tags: z.array(z.string()),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi('Template');
