import { createHash, randomBytes } from 'node:crypto';

/** The prefix names the kind of secret (in logs, secret scanners); the rest is 32 random bytes. */
export const ROBOT_TOKEN_PREFIX = 'rbt_';
const SHOWN_PREFIX_LENGTH = ROBOT_TOKEN_PREFIX.length + 6;

export interface IssuedRobotToken {
  token: string;
  hash: string;
  prefix: string;
}

/** A new robot token: shown once to the caller, stored only as its SHA-256. */
export function issueRobotToken(): IssuedRobotToken {
  const token = `${ROBOT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRobotToken(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) };
}

/**
 * SHA-256 without a salt is enough here: the token has 256 random bits, so there is nothing to
 * guess, and an unsalted hash lets a request find its robot with one indexed lookup.
 */
export function hashRobotToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeRobotToken(token: string): boolean {
  return token.startsWith(ROBOT_TOKEN_PREFIX) && token.length > ROBOT_TOKEN_PREFIX.length + 40;
}
