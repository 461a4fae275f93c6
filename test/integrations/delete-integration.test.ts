import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createIntegration, INTEGRATION_TEST_ENV, scheduleOf } from './helpers.js';

let t: TestApp;
let account: Account;
let stranger: Account;

beforeAll(async () => {
  t = await createTestApp(INTEGRATION_TEST_ENV);
  account = await registerAccount(t.app, 'integrations-delete');
  stranger = await registerAccount(t.app, 'integrations-delete-stranger');
});
afterAll(async () => {
  await t?.close();
});

describe('DELETE /integrations/{id}', () => {
  it('deletes the integration and its Schedule; another organization gets 404', async () => {
    const integration = await createIntegration(t, account, { name: 'Gone', base_url: 'http://127.0.0.1:9' });
    const theirs = await call(t.app, 'DELETE', `/api/v1/integrations/${integration.id}`, {
      token: stranger.token,
    });
    expect(theirs.status).toBe(404);
    const deleted = await call(t.app, 'DELETE', `/api/v1/integrations/${integration.id}`, {
      token: account.token,
    });
    expect(deleted.status).toBe(204);
    await expect(scheduleOf(t, integration.id).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    const read = await call(t.app, 'GET', `/api/v1/integrations/${integration.id}`, { token: account.token });
    expect(read.status).toBe(404);
    const listed = await call<{ items: { id: string }[] }>(t.app, 'GET', '/api/v1/integrations', {
      token: account.token,
    });
    expect(listed.body.items.map((i) => i.id)).not.toContain(integration.id);
  });
});
