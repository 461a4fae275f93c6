import type * as oauth from 'oauth4webapi';
import type { AppTokens } from './app-credentials.js';

/** A token endpoint's answer as the app keeps it; a refresh that sends no new refresh token keeps the old. */
export function tokensFrom(
  response: oauth.TokenEndpointResponse,
  now: Date,
  previous?: AppTokens,
): AppTokens {
  const refresh = response.refresh_token ?? previous?.refresh_token;
  const scope = response.scope ?? previous?.scope;
  return {
    access_token: response.access_token,
    token_type: response.token_type ?? 'bearer',
    ...(refresh ? { refresh_token: refresh } : {}),
    ...(typeof response.expires_in === 'number'
      ? { expires_at: new Date(now.getTime() + response.expires_in * 1000).toISOString() }
      : {}),
    ...(scope ? { scope } : {}),
  };
}

/** Replaces every occurrence of the token in a body we keep or show (an echoing test URL, say). */
export function redactToken(text: string, tokens: AppTokens): string {
  let out = text;
  for (const secret of [tokens.access_token, tokens.refresh_token]) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}
