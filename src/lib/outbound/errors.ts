/**
 * Why an outbound request did not happen or did not finish. `code` is what a step's error shows
 * (and what users name in `non_retryable_error_codes`); `retryable` says whether trying again can
 * help.
 */
export type OutboundErrorCode =
  | 'DESTINATION_NOT_ALLOWED'
  | 'RESPONSE_TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'INVALID_URL'
  | 'NETWORK_ERROR';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly retryable: boolean,
    /** For DESTINATION_NOT_ALLOWED: the rule that refused (`loopback`, `protected`, `scheme`). */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}
