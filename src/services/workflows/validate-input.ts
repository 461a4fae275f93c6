import type { VariableSpec, WorkflowDefinition } from '../../workflows/definition/types.js';
import { Re2RegExp } from '../../workflows/expressions/re2-regexp.js';

export interface InputProblem {
  path: string;
  message: string;
  code: string;
}

/** Checks one value against a variable's spec; returns what is wrong, or null. */
export function validateVariableValue(spec: VariableSpec, value: unknown): string | null {
  const type = spec.type;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (
    type === 'integer'
      ? !Number.isInteger(value)
      : type === 'number'
        ? typeof value !== 'number' || !Number.isFinite(value)
        : actual !== type
  ) {
    return `expected ${type}, got ${actual}`;
  }
  if (spec.enum && !spec.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `must be one of ${JSON.stringify(spec.enum)}`;
  }
  if (typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum) return `must be ≥ ${spec.minimum}`;
    if (spec.maximum !== undefined && value > spec.maximum) return `must be ≤ ${spec.maximum}`;
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (spec.min_length !== undefined && value.length < spec.min_length)
      return `length must be ≥ ${spec.min_length}`;
    if (spec.max_length !== undefined && value.length > spec.max_length)
      return `length must be ≤ ${spec.max_length}`;
  }
  if (typeof value === 'string' && spec.pattern !== undefined) {
    // RE2 matches in linear time: `^(a+)+$` against a long string cannot stall the API thread.
    let pattern: Re2RegExp;
    try {
      pattern = new Re2RegExp(spec.pattern);
    } catch {
      return `the variable's pattern is not a valid regular expression`;
    }
    if (!pattern.test(value)) return `must match ${spec.pattern}`;
  }
  return null;
}

/**
 * Validates an execution's input against the definition's variables and applies defaults. Unknown
 * input fields are refused, so a typo in a field name is an error instead of a silent default.
 */
export function validateInput(
  definition: Pick<WorkflowDefinition, 'variables'>,
  input: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: InputProblem[] } {
  const variables = definition.variables ?? {};
  const errors: InputProblem[] = [];
  const value: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    const given = input[name];
    if (given === undefined) {
      if (spec.default !== undefined) value[name] = spec.default;
      else if (spec.required !== false)
        errors.push({ path: `input.${name}`, code: 'required', message: 'is required' });
      continue;
    }
    const problem = validateVariableValue(spec, given);
    if (problem) errors.push({ path: `input.${name}`, code: 'invalid_value', message: problem });
    else value[name] = given;
  }
  for (const name of Object.keys(input)) {
    if (!(name in variables))
      errors.push({
        path: `input.${name}`,
        code: 'unknown_variable',
        message: 'is not a variable of this workflow',
      });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
