import type { Db } from '../../db/client.js';
import type { Secrets } from '../../secrets.js';
import type { TokenSettings } from './access-tokens.js';

/** What the auth services need; built once from the configuration. */
export interface AuthDeps {
  db: Db;
  secrets: Secrets;
  tokens: TokenSettings;
  refreshTtlSeconds: number;
  loginRateLimit: { max: number; windowSeconds: number };
  registerRateLimit: { max: number; windowSeconds: number };
}

/** Facts about the HTTP request that are recorded with sessions and audit rows. */
export interface RequestMeta {
  requestId: string | null;
  clientRequestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
}
