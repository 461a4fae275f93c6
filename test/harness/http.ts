import type { App } from '../../src/api/env.js';

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the app in-process (no socket) with a JSON body and an optional bearer token. */
export async function call<T = Record<string, unknown>>(
  app: App,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await app.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (metrics, docs): the raw text is the body.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export interface Account {
  token: string;
  refreshToken: string;
  userId: string;
  orgId: string;
  email: string;
  password: string;
}

let counter = 0;

/** Registers a new user with a new organization; every test makes its own, so order never matters. */
export async function registerAccount(app: App, label = 'user'): Promise<Account> {
  counter += 1;
  const email = `${label}-${process.pid}-${counter}-${Date.now()}@example.com`;
  const password = 'a long enough passphrase';
  const response = await call<{
    access_token: string;
    refresh_token: string;
    user: { id: string };
    organization: { id: string };
  }>(app, 'POST', '/api/v1/auth/register', {
    body: { email, password, name: `Test ${label}`, organization_name: `Org of ${label}` },
  });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    token: response.body.access_token,
    refreshToken: response.body.refresh_token,
    userId: response.body.user.id,
    orgId: response.body.organization.id,
    email,
    password,
  };
}
