import { expect } from 'vitest';
import type { TestApp } from '../harness/app.js';
import { type Account, call } from '../harness/http.js';

/** The env every integrations test app runs with: checks may fire every second. */
export const INTEGRATION_TEST_ENV = { INTEGRATION_MIN_INTERVAL_SECONDS: '1' };

export async function createIntegration(t: TestApp, account: Account, body: Record<string, unknown>) {
  const created = await call<{ id: string; status: string }>(t.app, 'POST', '/api/v1/integrations', {
    token: account.token,
    body: { interval_seconds: 3600, ...body },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

export const scheduleOf = (t: TestApp, id: string) =>
  t.deps.temporal.client.schedule.getHandle(`integration-health:${id}`);
