import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addMember } from '../approvals/helpers.js';
import {
  type AnthropicStandIn,
  failure,
  type RecordedRequest,
  startAnthropicStandIn,
} from '../harness/anthropic-stand-in.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp, DEPLOYMENT_KEY, keyOf } from './helpers.js';

interface AiStatus {
  configured: boolean;
  key_source: 'organization' | 'deployment' | 'none';
  reachable: boolean | null;
  latency_ms: number | null;
  error: { code: string; message: string } | null;
  checked_at: string;
  default_model: string;
  models: string[];
  budget: { monthly_tokens: number; used_tokens: number; renews_at: string };
  code?: string;
}

const MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
const firstOfNextMonth = (now = new Date()) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();

const statusOf = (app: TestApp, account: Account) =>
  call<AiStatus>(app.app, 'GET', '/api/v1/ai/status', { token: account.token });

const modelsRequests = (anthropic: AnthropicStandIn): RecordedRequest[] =>
  anthropic.requests.filter(
    (r) => r.method === 'GET' && new URL(r.path, 'http://x').pathname === '/v1/models',
  );

describe('GET /api/v1/ai/status with the deployment key', () => {
  let ai: AiTestApp;
  beforeAll(async () => {
    // A long cache period, so two calls a moment apart never straddle two periods.
    ai = await createAiTestApp({ AI_STATUS_CACHE_SECONDS: '3600' });
  });
  afterAll(async () => ai?.close());
  beforeEach(() => ai.anthropic.reset());

  it('answers configured, deployment, reachable, with the models, and never the key', async () => {
    const account = await registerAccount(ai.t.app, 'ai-status');
    const before = Date.now();
    const answer = await statusOf(ai.t, account);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      configured: true,
      key_source: 'deployment',
      reachable: true,
      error: null,
      default_model: 'claude-sonnet-4-5',
      budget: { monthly_tokens: 10_000_000, used_tokens: 0, renews_at: firstOfNextMonth() },
    });
    expect([...answer.body.models].sort()).toEqual([...MODELS].sort());
    expect(answer.body.latency_ms).toEqual(expect.any(Number));
    expect(answer.body.latency_ms).toBeGreaterThanOrEqual(0);
    const checkedAt = Date.parse(answer.body.checked_at);
    expect(checkedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(checkedAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(JSON.stringify(answer.body)).not.toContain(DEPLOYMENT_KEY);

    // The check is one token-free model listing, made with the deployment key; no message was sent.
    const checks = modelsRequests(ai.anthropic);
    expect(checks).toHaveLength(1);
    expect(keyOf(checks[0]?.headers ?? {})).toBe(DEPLOYMENT_KEY);
    expect(ai.anthropic.messageRequests()).toHaveLength(0);

    // Within the cache period the same answer comes back without a new check.
    const again = await statusOf(ai.t, account);
    expect(again.status).toBe(200);
    expect(again.body.checked_at).toBe(answer.body.checked_at);
    expect(modelsRequests(ai.anthropic)).toHaveLength(1);
  });

  it('reports a rejected key as unreachable with ai_key_rejected', async () => {
    ai.anthropic.modelsStatus(failure(401, 'authentication_error', 'invalid x-api-key'));
    // A new organization: the status is cached per organization and period.
    const account = await registerAccount(ai.t.app, 'ai-status-rejected');
    const answer = await statusOf(ai.t, account);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      configured: true,
      key_source: 'deployment',
      reachable: false,
      error: { code: 'ai_key_rejected' },
    });
    expect(typeof answer.body.error?.message).toBe('string');
    expect(JSON.stringify(answer.body)).not.toContain(DEPLOYMENT_KEY);
    expect(modelsRequests(ai.anthropic)).toHaveLength(1);
  });

  it('prefers the organization\'s credential "anthropic", and never shows it', async () => {
    const account = await registerAccount(ai.t.app, 'ai-status-org-key');
    const orgKey = 'sk-org-status-7f31a2';
    const created = await call(ai.t.app, 'POST', '/api/v1/credentials', {
      token: account.token,
      body: {
        type: 'api_key',
        name: 'anthropic',
        value: { key: orgKey, placement: 'header', name: 'x-api-key' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const answer = await statusOf(ai.t, account);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      configured: true,
      key_source: 'organization',
      reachable: true,
      error: null,
    });
    const checks = modelsRequests(ai.anthropic);
    expect(checks).toHaveLength(1);
    expect(keyOf(checks[0]?.headers ?? {})).toBe(orgKey);
    expect(JSON.stringify(answer.body)).not.toContain(orgKey);
    expect(JSON.stringify(answer.body)).not.toContain(DEPLOYMENT_KEY);
  });

  it('needs ai:use (403) and a token (401)', async () => {
    const owner = await registerAccount(ai.t.app, 'ai-status-perm');
    const approver = await addMember(ai.t, owner, ['approver'], 'ai-status-approver');
    const refused = await call<AiStatus>(ai.t.app, 'GET', '/api/v1/ai/status', { token: approver.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    const anonymous = await call(ai.t.app, 'GET', '/api/v1/ai/status');
    expect(anonymous.status).toBe(401);
    expect(modelsRequests(ai.anthropic)).toHaveLength(0);
  });
});

describe('GET /api/v1/ai/status without a deployment key', () => {
  let t: TestApp;
  let anthropic: AnthropicStandIn;
  beforeAll(async () => {
    anthropic = await startAnthropicStandIn();
    // No ANTHROPIC_API_KEY; the base URL is the stand-in's, so nothing could leave loopback anyway.
    t = await createTestApp({ ANTHROPIC_BASE_URL: anthropic.url });
    await t.startWorker();
  });
  afterAll(async () => {
    await t?.close();
    await anthropic?.close();
  });

  it('answers not configured, key source none, reachability unknown, with no request made', async () => {
    const account = await registerAccount(t.app, 'ai-status-none');
    const answer = await statusOf(t, account);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      configured: false,
      key_source: 'none',
      reachable: null,
      latency_ms: null,
      error: null,
      default_model: 'claude-sonnet-4-5',
    });
    expect([...answer.body.models].sort()).toEqual([...MODELS].sort());
    expect(anthropic.requests).toHaveLength(0);
  });
});
