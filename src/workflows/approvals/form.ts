import { type Schema, Validator } from '@cfworker/json-schema';

export interface FormProblem {
  path: string;
  message: string;
  code: string;
}

/** Keywords whose errors only say "a part below failed": the part's own error says what. */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'items',
  'prefixItems',
  'allOf',
  '$ref',
  'false',
]);

/**
 * Every way a decision payload fails the approval's form (a JSON Schema, draft 2020-12). Runs in
 * the workflow's update validator, so it must be deterministic and generate no code:
 * @cfworker/json-schema interprets the schema (ajv would compile it with `new Function`).
 */
export function checkForm(form: Record<string, unknown>, payload: unknown): FormProblem[] {
  const result = new Validator(form as Schema, '2020-12', false).validate(payload);
  if (result.valid) return [];
  const specific = result.errors.filter((error) => !WRAPPERS.has(error.keyword));
  return (specific.length > 0 ? specific : result.errors).map((error) => ({
    path: `payload${error.instanceLocation.slice(1).replaceAll('/', '.')}`,
    message: error.error,
    code: error.keyword,
  }));
}
