import { createHmac } from 'node:crypto';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { signingKey } from '../triggers/webhook-secrets.js';

/** The ciphertext is bound to its subscription, so it cannot be copied onto another one. */
const secretContext = (subscriptionId: string) => `webhook:${subscriptionId}:signing-secret`;

export function sealSubscriptionSecret(masterKey: Buffer, subscriptionId: string, secret: string): string {
  return encrypt(masterKey, secret, secretContext(subscriptionId));
}

export function openSubscriptionSecret(
  masterKey: Buffer,
  subscriptionId: string,
  ciphertext: string,
): string {
  return decrypt(masterKey, ciphertext, secretContext(subscriptionId));
}

/** Standard Webhooks headers for one body, signed with every secret given (space-separated `v1,` entries). */
export function signedHeaders(
  secrets: string[],
  message: { id: string; timestamp: number; body: string },
): Record<string, string> {
  const signatures = secrets.map(
    (secret) =>
      `v1,${createHmac('sha256', signingKey(secret)).update(`${message.id}.${message.timestamp}.${message.body}`).digest('base64')}`,
  );
  return {
    'content-type': 'application/json',
    'user-agent': 'Conveyor-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signatures.join(' '),
  };
}
