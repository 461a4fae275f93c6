import type { HealthCheckSpec } from '../../db/schema/index.js';
import { ApiError, type FieldProblem, validationFailed } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { checkExpression, ExpressionError } from '../../workflows/expressions/evaluate.js';
import type { ServiceContext } from '../context.js';
import {
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_INTERVAL_SECONDS,
  type IntegrationInput,
} from './integration-resource.js';

export interface IntegrationDraft {
  name: string;
  description: string;
  baseUrl: string;
  auth: IntegrationInput['auth'] | null;
  healthCheck: HealthCheckSpec;
  intervalSeconds: number;
  failureThreshold: number;
  enabled: boolean;
}

/**
 * The input as the row stores it, with defaults, after the checks the schema cannot make: the
 * period against the deployment's minimum, the assertion's syntax, and the base URL against the
 * outbound guard (400 `destination_not_allowed` naming the rule; the checks repeat it per request,
 * since a name can resolve elsewhere later).
 */
export async function checkIntegrationInput(
  ctx: ServiceContext,
  input: IntegrationInput,
): Promise<IntegrationDraft> {
  const problems: FieldProblem[] = [];
  const minimum = ctx.config.limits.minIntegrationIntervalSeconds;
  const intervalSeconds = input.interval_seconds ?? Math.max(DEFAULT_INTERVAL_SECONDS, minimum);
  if (intervalSeconds < minimum) {
    problems.push({
      path: 'body.interval_seconds',
      code: 'too_small',
      message: `checks run at most every ${minimum} seconds`,
    });
  }
  const assertion = input.health_check.body_assertion ?? null;
  if (assertion !== null) {
    try {
      checkExpression(assertion);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({
        path: 'body.health_check.body_assertion',
        code: 'invalid_expression',
        message: error.detail,
      });
    }
  }
  if (problems.length > 0) throw validationFailed('integration', problems);
  try {
    await ctx.outbound.check(input.base_url);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    if (error.code === 'DESTINATION_NOT_ALLOWED' || error.code === 'INVALID_URL') {
      throw new ApiError(
        'destination_not_allowed',
        `base_url is not an address Conveyor may reach: ${error.message}`,
        {
          details: { rule: error.rule ?? 'invalid_url' },
        },
      );
    }
    // A name that does not resolve now may resolve later: the checks will say.
  }
  return {
    name: input.name,
    description: input.description ?? '',
    baseUrl: input.base_url,
    auth: input.auth ?? null,
    healthCheck: {
      path: input.health_check.path ?? '/',
      method: input.health_check.method ?? 'GET',
      expected_status: input.health_check.expected_status ?? [200],
      body_assertion: assertion,
      timeout_seconds: input.health_check.timeout_seconds ?? 10,
    },
    intervalSeconds,
    failureThreshold: input.failure_threshold ?? DEFAULT_FAILURE_THRESHOLD,
    enabled: input.enabled ?? true,
  };
}
