/**
 * The problem-code catalogue: every `code` the API answers in a problem document, the HTTP status
 * it comes with and what it means. A new code is added here, never typed inline: `ApiError` only
 * takes these, each route lists the ones it can answer (`x-problem-codes` in /openapi.json) and
 * the problem-codes test holds the two together, so a client can switch on `code` safely.
 *
 * `otherStatuses` is for the rare code that one place answers with a different status for a good
 * reason; `ApiError` accepts only those as an explicit status.
 */
interface ProblemCodeEntry {
  status: number;
  otherStatuses?: readonly number[];
  meaning: string;
}

export const PROBLEM_CODES = {
  // 400: the request itself is wrong.
  validation_failed: {
    status: 400,
    meaning: 'The input failed validation; `errors` lists every field problem',
  },
  malformed_request: { status: 400, meaning: 'The request could not be parsed (a body that is not JSON)' },
  invalid_text: { status: 400, meaning: 'Text holds a NUL character or an unpaired UTF-16 surrogate' },
  too_deep: { status: 400, meaning: 'The JSON body is nested deeper than the limit' },
  invalid_definition: { status: 400, meaning: 'The workflow definition is invalid; `errors` lists why' },
  invalid_schedule: { status: 400, meaning: 'Temporal refused the schedule specification' },
  backfill_too_large: { status: 400, meaning: 'The backfill range holds more runs than allowed' },
  invalid_payload: { status: 400, meaning: 'The payload is not JSON of the expected shape' },
  model_not_allowed: {
    status: 400,
    meaning: "The model is not in the deployment's AI model table (see /ai/status)",
  },
  ai_request_rejected: {
    status: 400,
    meaning: 'Anthropic refused the request as invalid (too long for the model, say); `detail` says why',
  },
  destination_not_allowed: {
    status: 400,
    meaning:
      'The address given is one Conveyor may not reach (private, loopback, protected, not http(s)); `rule` says why',
  },
  unknown_provider: { status: 400, meaning: 'No OAuth provider of this name in the provider catalogue' },
  invalid_oauth_state: {
    status: 400,
    meaning: 'The OAuth state is unknown, expired, already used, or was begun by another user',
  },
  namespace_mismatch: {
    status: 400,
    meaning: "X-Namespace names a Temporal namespace this API doesn't serve",
  },
  not_supported_yet: {
    status: 400,
    meaning: 'The requested option exists in the contract but is not built yet',
  },
  // 401: who are you?
  unauthorized: { status: 401, meaning: 'Missing, invalid or expired credentials' },
  invalid_credentials: { status: 401, meaning: 'The email and password do not match an active account' },
  invalid_refresh_token: { status: 401, meaning: 'The refresh token is unknown, expired or revoked' },
  refresh_token_reused: {
    status: 401,
    meaning: 'A refresh token was used twice; its whole family is revoked',
  },
  invalid_webhook: { status: 401, meaning: 'The webhook delivery could not be verified' },
  // 403: you may not.
  forbidden: { status: 403, meaning: 'Authenticated, but lacking the permission; `permission` names it' },
  robot_only: { status: 403, meaning: 'Only a robot, with its own token, may do this' },
  not_this_robot: { status: 403, meaning: 'A robot may act only for itself' },
  origin_not_allowed: { status: 403, meaning: 'Browsers may call this only from an allowed origin' },
  not_an_approver: {
    status: 403,
    meaning: 'The caller may not decide this request (not a user, or not its approver)',
  },
  self_approval_forbidden: {
    status: 403,
    meaning: 'The user who started the run may not decide its approvals',
  },
  // 404: no such thing in your organization.
  not_found: { status: 404, meaning: 'No such resource in your organization' },
  route_not_found: { status: 404, meaning: 'No route for this method and path' },
  // 409: conflicts with the current state.
  email_taken: { status: 409, meaning: 'An account with this email already exists' },
  revision_conflict: { status: 409, meaning: 'The resource changed since the revision given in If-Match' },
  idempotency_key_reused: {
    status: 409,
    meaning: 'The Idempotency-Key was already used with a different request',
  },
  workflow_not_published: { status: 409, meaning: 'The workflow has no published version to run' },
  workflow_archived: { status: 409, meaning: 'The workflow is archived' },
  workflow_unavailable: { status: 409, meaning: "The trigger's workflow no longer exists" },
  execution_not_running: { status: 409, meaning: 'Only running executions can be cancelled' },
  execution_not_retryable: {
    status: 409,
    meaning: 'Only executions that ended unsuccessfully can be retried',
  },
  approval_bound_to_input: {
    status: 409,
    meaning: 'A retry from the failed step cannot change input that an approval was given for',
  },
  approval_closed: { status: 409, meaning: 'The approval request is no longer open' },
  already_decided: { status: 409, meaning: 'The caller already decided this request at its current level' },
  schedule_owned_by_trigger: {
    status: 409,
    meaning: 'The schedule belongs to a trigger; change the trigger',
  },
  schedule_missing_in_temporal: { status: 409, meaning: 'The schedule no longer exists in Temporal' },
  connected_app_name_taken: { status: 409, meaning: 'A connected app of this name already exists' },
  connected_app_not_connected: {
    status: 409,
    meaning: 'The app holds no usable tokens (pending, needs re-authorization, or revoked)',
  },
  credential_name_taken: { status: 409, meaning: 'A credential of this name already exists' },
  credential_type_fixed: {
    status: 409,
    meaning: "A credential's type cannot change; create another credential",
  },
  credential_managed: {
    status: 409,
    meaning: 'The credential belongs to a connected app or a notification channel; change it there',
  },
  credential_unreadable: {
    status: 409,
    meaning: 'The stored value does not authenticate (moved or tampered with); set a new value with PUT',
  },
  trigger_disabled: { status: 409, meaning: 'The trigger is disabled' },
  channel_not_configured: {
    status: 409,
    meaning:
      'The notification channel is not configured or is disabled (POST /notifications/channels/configure)',
  },
  ai_not_configured: {
    status: 409,
    meaning:
      'No Anthropic API key: add a credential named "anthropic", or the operator sets ANTHROPIC_API_KEY',
  },
  ai_key_rejected: {
    status: 409,
    meaning: 'Anthropic refused the API key in use; replace the "anthropic" credential',
  },
  not_a_webhook: { status: 409, meaning: 'Only webhook triggers have a signing secret' },
  not_a_robot: { status: 409, meaning: 'Only robots have tokens' },
  task_not_held: { status: 409, meaning: 'The robot does not hold this task (any more)' },
  attempt_ended: {
    status: 409,
    meaning: 'The task attempt ended before its result arrived; it was not used',
  },
  // 413, 415, 422, 426: the body or the protocol is not what this route takes.
  payload_too_large: { status: 413, meaning: 'The body exceeds the size limit' },
  unsupported_media_type: { status: 415, meaning: 'The body is not application/json' },
  trigger_mapping_failed: {
    status: 422,
    meaning: "The trigger's mapping could not be applied to the payload",
  },
  trigger_input_invalid: { status: 422, meaning: "The mapped input does not fit the workflow's variables" },
  ai_refused: { status: 422, meaning: 'The model declined to answer the request' },
  ai_invalid_answer: {
    status: 422,
    meaning: "The model's answer failed the task's schema after the retries; `last_answer` holds it",
  },
  upgrade_required: { status: 426, meaning: 'This endpoint speaks WebSocket only' },
  // 429: slow down, or make room.
  rate_limited: { status: 429, meaning: 'Too many attempts; see Retry-After' },
  too_many_connections: { status: 429, meaning: 'The user holds the most WebSockets allowed' },
  ai_budget_exceeded: {
    status: 429,
    meaning: "The organization used this month's AI token budget; Retry-After says when it renews",
  },
  quota_exceeded: {
    status: 429,
    // Schedules are capped by count: 409, since waiting does not make room, deleting one does.
    otherStatuses: [409],
    meaning: 'An organization limit is reached (running executions, or schedules with 409)',
  },
  // 5xx: not the request's fault; trying again later may work.
  provider_error: {
    status: 502,
    meaning: 'The OAuth provider refused or failed the request; `detail` says what it answered',
  },
  master_key_unavailable: {
    status: 503,
    meaning: 'The value is sealed under a master key version this process is not configured with',
  },
  internal_error: { status: 500, meaning: 'Something unexpected went wrong; the request id identifies it' },
  database_unavailable: { status: 503, meaning: 'The database cannot be reached; try again shortly' },
  temporal_unavailable: { status: 503, meaning: 'Temporal cannot be reached or did not answer; try again' },
  ai_unavailable: {
    status: 503,
    meaning: 'Anthropic stayed rate-limited, overloaded or unreachable through every retry; try again later',
  },
  shutting_down: { status: 503, meaning: 'This API process is shutting down; reconnect to another' },
} as const satisfies Record<string, ProblemCodeEntry>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export const ALL_PROBLEM_CODES = Object.keys(PROBLEM_CODES) as ProblemCode[];

type Entry<C extends ProblemCode> = (typeof PROBLEM_CODES)[C];
/** The statuses a code may be answered with: its default and any documented exception. */
export type ProblemStatus<C extends ProblemCode = ProblemCode> =
  | Entry<C>['status']
  | (Entry<C> extends { otherStatuses: readonly (infer S)[] } ? S : never);
/** The codes whose default status is `S`, for helpers such as `conflict` that stand for one status. */
export type ProblemCodeWithStatus<S extends number> = {
  [C in ProblemCode]: Entry<C>['status'] extends S ? C : never;
}[ProblemCode];

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEM_CODES, value);
}

/** Every status a code may come with, default first. */
export function statusesOf(code: ProblemCode): readonly number[] {
  const entry: ProblemCodeEntry = PROBLEM_CODES[code];
  return [entry.status, ...(entry.otherStatuses ?? [])];
}

/**
 * Codes any request may get whatever its route, from the app rather than a route: they are listed
 * once at the top of /openapi.json instead of on every operation.
 */
export const APP_WIDE_PROBLEM_CODES = [
  'route_not_found',
  'internal_error',
  'database_unavailable',
] as const satisfies readonly ProblemCode[];
