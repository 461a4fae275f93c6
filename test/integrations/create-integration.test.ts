import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/errors.js';
import { OutboundGuard, type Resolver } from '../../src/lib/outbound/guard.js';
import { createIntegration as createIntegrationService } from '../../src/services/integrations/create-integration.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { createIntegration, INTEGRATION_TEST_ENV, scheduleOf } from './helpers.js';

let t: TestApp;
let account: Account;

beforeAll(async () => {
  t = await createTestApp(INTEGRATION_TEST_ENV);
  account = await registerAccount(t.app, 'integrations-create');
});
afterAll(async () => {
  await t?.close();
});

describe('POST /integrations/', () => {
  it('registers an integration with defaults and creates its Temporal Schedule', async () => {
    const created = await createIntegration(t, account, { name: 'Billing', base_url: 'http://127.0.0.1:9' });
    expect(created).toMatchObject({ status: 'unknown', enabled: true, failure_threshold: 3 });
    const described = await scheduleOf(t, created.id).describe();
    expect(described.state.paused).toBe(false);
    expect(described.spec.intervals?.[0]?.every).toBe(3600 * 1000);
  });

  it('refuses malformed and oversized input with a code', async () => {
    const cases: unknown[] = [
      { name: 'x' },
      { name: 'x', base_url: 'http://127.0.0.1:9', failure_threshold: 21 },
      { name: 'x', base_url: 'http://127.0.0.1:9', health_check: { timeout_seconds: 61 } },
      { name: 'x'.repeat(65), base_url: 'http://127.0.0.1:9' },
      { name: 'x', base_url: 'http://127.0.0.1:9', health_check: { body_assertion: '$$$(' } },
      { name: 'x', base_url: 'http://127.0.0.1:9', surprise: true },
      { name: 'x', base_url: 'http://127.0.0.1:9', auth: { credential: 'a', connected_app: 'b' } },
    ];
    for (const body of cases) {
      const answer = await call(t.app, 'POST', '/api/v1/integrations', { token: account.token, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });

  it('holds the interval to the deployment minimum', async () => {
    const strict = await createTestApp();
    try {
      const owner = await registerAccount(strict.app, 'integrations-min');
      const answer = await call(strict.app, 'POST', '/api/v1/integrations', {
        token: owner.token,
        body: { name: 'x', base_url: 'http://127.0.0.1:9', interval_seconds: 5 },
      });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('too_small');
    } finally {
      await strict.close();
    }
  });

  it('refuses base URLs the outbound guard refuses, naming the rule (decided with an injected resolver)', async () => {
    const names: Record<string, string> = {
      'internal.example': '10.1.2.3',
      'metadata.example': '169.254.169.254',
    };
    const resolver: Resolver = async (name) => {
      const address = names[name];
      if (!address) throw new Error(`ENOTFOUND ${name}`);
      return [{ address, family: 4 }];
    };
    const ctx = {
      ...userContextFor(t, account, ['integrations:write']),
      outbound: new OutboundGuard({ allow: [], protected: [] }, resolver),
    };
    const probes: [string, string][] = [
      ['http://internal.example/', 'private'],
      ['http://metadata.example/latest', 'link-local'],
      ['http://127.0.0.1:8080/', 'loopback'],
      ['http://[::1]/', 'loopback'],
      ['file:///etc/passwd', 'scheme'],
      ['gopher://internal.example/', 'scheme'],
    ];
    for (const [baseUrl, rule] of probes) {
      const error = await createIntegrationService(ctx, {
        name: 'probe',
        base_url: baseUrl,
        health_check: {},
        interval_seconds: 3600,
      }).catch((caught: unknown) => caught);
      expect(error, baseUrl).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('destination_not_allowed');
      expect(String((error as ApiError).details?.rule), baseUrl).toContain(rule);
    }
  });
});
