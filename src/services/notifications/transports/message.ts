/** One notification as the transports send it. */
export interface OutgoingNotification {
  id: string;
  recipients: string[];
  subject: string;
  body: string;
  source: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** Why a delivery did not happen: `retryable` says whether trying again later can help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
