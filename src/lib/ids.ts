import { createHash, randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so ids read aloud and copy without confusion. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ID_PREFIXES = {
  organization: 'org',
  user: 'usr',
  role: 'rol',
  session: 'ses',
  sessionFamily: 'sfm',
  audit: 'aud',
  ping: 'png',
  workflow: 'wf',
  workflowVersion: 'wfv',
  execution: 'exe',
  approval: 'apr',
  schedule: 'sch',
  trigger: 'trg',
  agent: 'agt',
  agentTask: 'tsk',
  credential: 'cred',
  connectedApp: 'capp',
  connectedAppEvent: 'cape',
  aiRun: 'air',
  aiConversation: 'conv',
  aiTurn: 'turn',
  aiUsage: 'aiu',
  notificationChannel: 'nch',
  notification: 'ntf',
  integration: 'int',
  integrationCheck: 'ichk',
  integrationAlert: 'ialt',
  webhook: 'whk',
  webhookDelivery: 'whd',
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

/**
 * A prefixed id whose body sorts by creation time (48-bit millisecond timestamp, ULID-style),
 * followed by 16 random characters (80 bits), so keyset pagination on the id follows creation order.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${encodeTime(Date.now())}${encodeRandom(randomBytes(16))}`;
}

/**
 * The same id for the same parts, for records that a retried request must find again (an
 * execution started under an Idempotency-Key). Not time-sortable, unlike newId.
 */
export function derivedId(prefix: IdPrefix, ...parts: string[]): string {
  return `${prefix}_${encodeRandom(createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 26))}`;
}

const ID_BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function hasIdShape(value: string, prefix: IdPrefix): boolean {
  const [head, body] = value.split('_', 2);
  return head === prefix && body !== undefined && ID_BODY.test(body);
}
