import { z } from 'zod';
import { StepSchema, WorkflowDefinitionSchema } from '../../workflows/definition/schema.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { loadStepTypes } from './step-types.js';

export type JsonSchema = Record<string, unknown>;

let cached: Promise<JsonSchema> | undefined;

/** The definition language as JSON Schema (draft 2020-12), for editors and client-side checks. */
export async function getDefinitionJsonSchema(ctx: ServiceContext): Promise<JsonSchema> {
  requirePermission(ctx, 'workflows:read');
  cached ??= buildDefinitionJsonSchema();
  return cached;
}

/**
 * Generated from the same zod schemas the API validates with, so the two cannot drift. A step is
 * `oneOf` its types, each pinning `type` to a const and `config` to that type's schema; nested
 * step lists (branches, loop bodies) point back at the same `Step` definition.
 */
async function buildDefinitionJsonSchema(): Promise<JsonSchema> {
  const registry = await loadStepTypes();
  const variants = [...registry.values()].map((stepType) =>
    StepSchema.extend({ type: z.literal(stepType.type), config: stepType.config }).describe(
      stepType.description,
    ),
  );
  const [first, ...rest] = variants;
  if (!first) throw new Error('no step types registered');
  const step = z.discriminatedUnion('type', [first, ...rest]);
  const definition = WorkflowDefinitionSchema.extend({ steps: z.array(step).min(1).max(500) });
  const schema = z.toJSONSchema(definition, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema !== StepSchema) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonSchema)[key];
      Object.assign(ctx.jsonSchema, { $ref: '#/$defs/Step' });
    },
  }) as unknown as JsonSchema & { properties: { steps: JsonSchema }; $defs?: JsonSchema };
  const steps = schema.properties.steps;
  schema.$defs = { ...schema.$defs, Step: steps.items };
  steps.items = { $ref: '#/$defs/Step' };
  return {
    ...schema,
    $id: 'https://conveyor.dev/schemas/workflow-definition.json',
    title: 'Conveyor workflow definition',
  };
}
