import { z } from 'zod';
import { compileRe2 } from '../expressions/re2-regexp.js';
import { DURATION_PATTERN } from './durations.js';

export const STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const DurationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration like 500ms, 30s, 5m, 2h or 1d')
  .describe('Duration: a number followed by ms, s, m, h or d');

export const VariableSpecSchema = z.strictObject({
  type: z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array']),
  description: z.string().max(2000).optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  enum: z.array(z.unknown()).min(1).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  min_length: z.number().int().min(0).optional(),
  max_length: z.number().int().min(0).optional(),
  pattern: z
    .string()
    .max(500)
    .refine(compilesOnRe2, {
      message: 'not a pattern RE2 accepts (lookaround and backreferences are not supported)',
    })
    .optional(),
});

/** Variable patterns run on RE2 (linear time), so a pattern RE2 refuses is refused at save. */
function compilesOnRe2(pattern: string): boolean {
  try {
    compileRe2(pattern);
    return true;
  } catch {
    return false;
  }
}

export const RetrySpecSchema = z.strictObject({
  max_attempts: z.number().int().min(1).max(100).optional(),
  initial_interval: DurationSchema.optional(),
  backoff_coefficient: z.number().min(1).max(10).optional(),
  max_interval: DurationSchema.optional(),
  non_retryable_error_codes: z.array(z.string().min(1).max(100)).max(50).optional(),
});

export const OnErrorSchema = z.union([
  z.enum(['fail', 'continue']),
  z.strictObject({ goto: z.string().regex(STEP_ID_PATTERN) }),
]);

/** A step's envelope; its `config` is checked by the schema of its type (see the step registry). */
export const StepSchema = z.strictObject({
  id: z.string().regex(STEP_ID_PATTERN, 'letters, digits, _ and -, starting with a letter or _'),
  type: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  retry: RetrySpecSchema.optional(),
  timeout: DurationSchema.optional(),
  when: z.string().min(1).max(10_000).optional(),
  on_error: OnErrorSchema.optional(),
});

export const WorkflowDefinitionSchema = z.strictObject({
  variables: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are identifiers'),
      VariableSpecSchema,
    )
    .optional(),
  steps: z.array(StepSchema).min(1).max(500),
  output: z.unknown().optional(),
});

/** Nested step lists inside a step config (branches, loop bodies) use the same envelope. */
export const StepListSchema = z.array(StepSchema).min(1).max(500);
