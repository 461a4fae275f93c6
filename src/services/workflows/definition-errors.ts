import { ApiError } from '../../lib/errors.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import { validateDefinition } from './validate-definition.js';

/** The normalized definition (defaults applied), or a 400 `invalid_definition` listing every problem. */
export async function requireValidDefinition(raw: unknown): Promise<WorkflowDefinition> {
  const checked = await validateDefinition(raw);
  if (!checked.ok) {
    throw new ApiError(
      'invalid_definition',
      `The workflow definition has ${checked.errors.length} problem(s)`,
      { details: { errors: checked.errors } },
    );
  }
  return checked.definition;
}

/** jsonb columns hold plain objects; the definition type is the same data, named. */
export function asJson(definition: WorkflowDefinition): Record<string, unknown> {
  return definition as unknown as Record<string, unknown>;
}
