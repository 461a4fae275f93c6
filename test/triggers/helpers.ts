import { createHmac } from 'node:crypto';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call } from '../harness/http.js';

export function createTriggersApp(): Promise<TestApp> {
  return createTestApp();
}

export interface CreatedTrigger {
  id: string;
  type: string;
  enabled: boolean;
  webhook: { url_path: string; secret: string; secret_hint: string | null } | null;
  [key: string]: unknown;
}

export async function createTrigger(t: TestApp, account: Account, body: Record<string, unknown>) {
  const response = await call<CreatedTrigger>(t.app, 'POST', '/api/v1/triggers', {
    token: account.token,
    body,
  });
  if (response.status !== 201)
    throw new Error(`create trigger: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Signs like a Standard Webhooks sender, written from the specification rather than from our
 * implementation: base64 HMAC-SHA256 of `id.timestamp.body` under the base64 key after `whsec_`.
 */
export function sign(secret: string, id: string, timestamp: number | string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

let deliveries = 0;

/** Posts a signed delivery; `overrides` replace any header (or drop it with undefined). */
export async function deliver(
  t: TestApp,
  urlPath: string,
  options: {
    secret: string;
    body?: unknown;
    rawBody?: string;
    id?: string;
    timestamp?: number;
    signedBody?: string;
    headers?: Record<string, string | undefined>;
  },
) {
  deliveries += 1;
  const body = options.rawBody ?? JSON.stringify(options.body ?? {});
  const id = options.id ?? `msg_${process.pid}_${deliveries}_${Date.now()}`;
  const timestamp = options.timestamp ?? nowSeconds();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(options.secret, id, timestamp, options.signedBody ?? body),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return call<Record<string, unknown>>(t.app, 'POST', urlPath, { body, headers });
}

/** A workflow with two variables whose output echoes its input. */
export const ECHO_DEFINITION = {
  variables: { customer: { type: 'string' }, amount: { type: 'number', default: 0 } },
  steps: [
    {
      id: 'echo',
      type: 'transform',
      config: { expression: '{"customer": input.customer, "amount": input.amount}' },
    },
  ],
};

/** A problem body without its request id. */
export const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, request_id: null });
