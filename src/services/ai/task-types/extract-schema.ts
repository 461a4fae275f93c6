import { z } from 'zod';

/**
 * The JSON Schema an /ai/extract request describes its result with: a bounded subset of draft
 * 2020-12. A tenant's schema is sent to the model as a tool's input schema and checked against
 * its answer, so it may hold no regular expression (`pattern`: a catastrophic one would stall the
 * check), no reference and no format; nesting and size are capped.
 */
const MAX_DEPTH = 6;
const MAX_NODES = 300;

const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;
const Scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
const PropertyName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (up to 64)');

export interface ExtractSchemaNode {
  type?: (typeof TYPES)[number] | (typeof TYPES)[number][];
  description?: string;
  enum?: (string | number | boolean | null)[];
  items?: ExtractSchemaNode;
  properties?: Record<string, ExtractSchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

const Node: z.ZodType<ExtractSchemaNode> = z.lazy(() =>
  z.strictObject({
    type: z.union([z.enum(TYPES), z.array(z.enum(TYPES)).min(1).max(7)]).optional(),
    description: z.string().max(1000).optional(),
    enum: z.array(Scalar).min(1).max(100).optional(),
    items: Node.optional(),
    properties: z.record(PropertyName, Node).optional(),
    required: z.array(PropertyName).max(100).optional(),
    additionalProperties: z.boolean().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(0).optional(),
    minItems: z.number().int().min(0).optional(),
    maxItems: z.number().int().min(0).optional(),
  }),
);

export const ExtractSchema = z
  .strictObject({
    type: z.literal('object'),
    description: z.string().max(1000).optional(),
    properties: z.record(PropertyName, Node),
    required: z.array(PropertyName).max(100).optional(),
    additionalProperties: z.boolean().optional(),
  })
  .superRefine((schema, ctx) => {
    const { depth, nodes } = measure(schema, 1);
    if (depth > MAX_DEPTH)
      ctx.addIssue({ code: 'custom', message: `nested deeper than ${MAX_DEPTH} levels` });
    if (nodes > MAX_NODES) ctx.addIssue({ code: 'custom', message: `more than ${MAX_NODES} schema nodes` });
    if (Object.keys(schema.properties).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['properties'],
        message: 'name at least one property to extract',
      });
    }
  });
export type ExtractSchema = z.infer<typeof ExtractSchema>;

function measure(node: ExtractSchemaNode, depth: number): { depth: number; nodes: number } {
  let deepest = depth;
  let nodes = 1;
  const children = [...Object.values(node.properties ?? {}), ...(node.items ? [node.items] : [])];
  for (const child of children) {
    const inner = measure(child, depth + 1);
    deepest = Math.max(deepest, inner.depth);
    nodes += inner.nodes;
  }
  return { depth: deepest, nodes };
}
