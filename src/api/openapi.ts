import { z } from '@hono/zod-openapi';
import {
  ALL_PROBLEM_CODES,
  APP_WIDE_PROBLEM_CODES,
  PROBLEM_CODES,
  type ProblemCode,
} from '../lib/problem-codes.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ALL_PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]).openapi({
      description:
        "Stable, machine-readable error code; each operation's `x-problem-codes` lists those it can answer",
      example: 'validation_failed',
    }),
    instance: z.string(),
    request_id: z.string().nullable(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .openapi({ description: 'Every failing field, for validation errors' }),
  })
  .openapi('Problem');

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input',
  401: 'Missing or invalid credentials',
  403: 'Authenticated but lacking the permission',
  404: 'No such resource in your organization',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Valid JSON that cannot be processed',
  429: 'Rate limited; see Retry-After',
  502: 'An upstream service (an OAuth provider) refused or failed',
  503: 'A dependency is unavailable',
  504: 'The work did not finish within the wait; it goes on',
};

/** The problem-details responses a route can give, for its OpenAPI description. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/**
 * The problem-code catalogue for the top of /openapi.json (`x-problem-codes`): each code's status and
 * meaning, and the codes any request may get whatever its route (`app_wide`).
 */
export function problemCodesDocument() {
  return { codes: PROBLEM_CODES, app_wide: APP_WIDE_PROBLEM_CODES };
}

/** A path id parameter; `example` also feeds the tenancy probe's generated requests. */
export function idParam<N extends string>(name: N, example: string) {
  const schema = z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name, in: 'path' }, example });
  return z.object({ [name]: schema } as Record<N, typeof schema>);
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
