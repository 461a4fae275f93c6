import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import { addMember, type Member } from '../approvals/helpers.js';
import { text, toolUse } from '../harness/anthropic-stand-in.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type AiTestApp, createAiTestApp } from './helpers.js';

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const firstOfNextMonth = (now = new Date()) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

interface Totals {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  total_tokens: number;
  cost_usd: number;
  avg_latency_ms: number;
}
interface UsageReport {
  from: string;
  to: string;
  budget: { monthly_tokens: number; used_tokens: number; remaining_tokens: number; renews_at: string };
  totals: Totals;
  by_day: (Totals & { day: string })[];
  by_model: (Totals & { model: string })[];
  by_member: (Totals & { user_id: string | null; email: string | null })[];
  code?: string;
}

const usageOf = (ai: AiTestApp, token: string, query = '') =>
  call<UsageReport>(ai.t.app, 'GET', `/api/v1/ai/usage${query}`, { token });

/** The token and cost figures of a row, without the latency (which is measured, not scripted). */
const figures = ({ avg_latency_ms: _latency, ...rest }: Totals) => rest;

const ZERO = {
  calls: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  total_tokens: 0,
  cost_usd: 0,
  avg_latency_ms: 0,
};

describe('GET /api/v1/ai/usage', () => {
  let ai: AiTestApp;
  let owner: Account;
  let editor: Member & { email: string };

  // Sonnet (3 / 15 / 3.75 / 0.3 per million): 1000×3 + 200×15 + 500×0.3 = 6150 µ$.
  const summarizeUsage = {
    input_tokens: 1000,
    output_tokens: 200,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 500,
  };
  // Haiku (1 / 5 / 1.25 / 0.1): 400×1 + 60×5 + 100×1.25 = 825 µ$.
  const classifyUsage = {
    input_tokens: 400,
    output_tokens: 60,
    cache_creation_input_tokens: 100,
    cache_read_input_tokens: 0,
  };
  // Sonnet: 50×3 + 10×15 = 300 µ$.
  const askUsage = {
    input_tokens: 50,
    output_tokens: 10,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };

  beforeAll(async () => {
    ai = await createAiTestApp();
    owner = await registerAccount(ai.t.app, 'ai-usage');
    const member = await addMember(ai.t, owner, ['editor'], 'ai-usage-editor');
    const [row] = await ai.t.deps.database.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, member.userId));
    editor = { ...member, email: String(row?.email) };

    ai.anthropic.reply(text('A short summary.', { usage: summarizeUsage }));
    const summarized = await call(ai.t.app, 'POST', '/api/v1/ai/summarize', {
      token: owner.token,
      body: { text: 'A long text about invoices and shipping delays.' },
    });
    expect(summarized.status, JSON.stringify(summarized.body)).toBe(200);
    expect(summarized.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      usage: { ...summarizeUsage, cost_usd: 0.00615 },
    });

    ai.anthropic.reply(
      toolUse(
        'record_classification',
        { category: 'billing', confidence: 0.9, reason: 'A charge.' },
        { usage: classifyUsage },
      ),
    );
    const classified = await call(ai.t.app, 'POST', '/api/v1/ai/classify', {
      token: owner.token,
      body: { text: 'Charged twice.', categories: ['billing', 'other'], model: 'claude-haiku-4-5' },
    });
    expect(classified.status, JSON.stringify(classified.body)).toBe(200);
    expect(classified.body).toMatchObject({ model: 'claude-haiku-4-5' });

    ai.anthropic.reply(text('Hello.', { usage: askUsage }));
    const asked = await call(ai.t.app, 'POST', '/api/v1/ai/ask', {
      token: editor.token,
      body: { prompt: 'Say hello.' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(ai.anthropic.messageRequests()).toHaveLength(3);
  });
  afterAll(async () => ai?.close());

  const total = {
    calls: 3,
    input_tokens: 1450,
    output_tokens: 270,
    cache_creation_input_tokens: 100,
    cache_read_input_tokens: 500,
    total_tokens: 2320,
    cost_usd: 0.007275,
  };

  it('sums tokens and prices them, in total, by day, by model and by member, with the budget', async () => {
    const answer = await usageOf(ai, owner.token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const report = answer.body;
    const now = new Date();
    expect(report.from).toBe(`${today().slice(0, 8)}01`);
    expect(report.to).toBe(today());
    expect(figures(report.totals)).toEqual(total);
    expect(report.totals.avg_latency_ms).toBeGreaterThanOrEqual(0);
    expect(report.totals.avg_latency_ms).toBeLessThan(60_000);

    expect(report.by_day).toHaveLength(1);
    const [day] = report.by_day;
    expect(day?.day).toBe(today());
    expect(day && figures(day)).toMatchObject(total);

    expect(report.by_model.map((row) => row.model)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5']);
    const [haiku, sonnet] = report.by_model;
    expect(haiku && figures(haiku)).toEqual({
      model: 'claude-haiku-4-5',
      calls: 1,
      ...classifyUsage,
      total_tokens: 560,
      cost_usd: 0.000825,
    });
    expect(sonnet && figures(sonnet)).toEqual({
      model: 'claude-sonnet-4-5',
      calls: 2,
      input_tokens: 1050,
      output_tokens: 210,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 500,
      total_tokens: 1760,
      cost_usd: 0.00645,
    });

    expect(report.by_member).toHaveLength(2);
    const ownerRow = report.by_member.find((row) => row.user_id === owner.userId);
    const editorRow = report.by_member.find((row) => row.user_id === editor.userId);
    expect(ownerRow && figures(ownerRow)).toEqual({
      user_id: owner.userId,
      email: owner.email,
      calls: 2,
      input_tokens: 1400,
      output_tokens: 260,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 500,
      total_tokens: 2260,
      cost_usd: 0.006975,
    });
    expect(editorRow && figures(editorRow)).toEqual({
      user_id: editor.userId,
      email: editor.email,
      calls: 1,
      ...askUsage,
      total_tokens: 60,
      cost_usd: 0.0003,
    });

    expect(report.budget).toEqual({
      monthly_tokens: 10_000_000,
      used_tokens: 2320,
      remaining_tokens: 10_000_000 - 2320,
      renews_at: firstOfNextMonth(now).toISOString(),
    });
  });

  it('counts only the days asked for', async () => {
    const exact = await usageOf(ai, owner.token, `?from=${today()}&to=${today()}`);
    expect(exact.status, JSON.stringify(exact.body)).toBe(200);
    expect(figures(exact.body.totals)).toEqual(total);

    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    const longAgo = new Date(Date.now() - 300 * DAY_MS).toISOString().slice(0, 10);
    const before = await usageOf(ai, owner.token, `?from=${longAgo}&to=${yesterday}`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({ from: longAgo, to: yesterday });
    expect(before.body.totals).toEqual(ZERO);
    expect(before.body.by_day).toEqual([]);
    expect(before.body.by_model).toEqual([]);
    expect(before.body.by_member).toEqual([]);
    // The budget is this month's whatever the range.
    expect(before.body.budget.used_tokens).toBe(2320);
  });

  it('shows another organization none of it: its own report is zeros', async () => {
    const stranger = await registerAccount(ai.t.app, 'ai-usage-stranger');
    const answer = await usageOf(ai, stranger.token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.totals).toEqual(ZERO);
    expect(answer.body.by_day).toEqual([]);
    expect(answer.body.by_model).toEqual([]);
    expect(answer.body.by_member).toEqual([]);
    expect(answer.body.budget).toMatchObject({ used_tokens: 0, remaining_tokens: 10_000_000 });
    expect(JSON.stringify(answer.body)).not.toContain(owner.userId);
    expect(JSON.stringify(answer.body)).not.toContain(owner.email);
  });

  it('refuses bad ranges and malformed days with 400 validation_failed', async () => {
    for (const query of [
      '?from=2026-03-02&to=2026-03-01',
      '?from=2024-01-01&to=2025-01-01', // 367 days
      '?from=2020-01-01&to=2026-01-01',
      '?from=2026-13-01',
      '?to=2026-02-30',
      '?from=2025-02-29',
      '?from=x',
      '?to=2026-1-01',
      '?from=2026-01-01T00:00:00Z',
    ]) {
      const answer = await usageOf(ai, owner.token, query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code, query).toBe('validation_failed');
    }
    // 366 days (a leap year) is the longest range allowed.
    const leapYear = await usageOf(ai, owner.token, '?from=2024-01-01&to=2024-12-31');
    expect(leapYear.status, JSON.stringify(leapYear.body)).toBe(200);
    expect(leapYear.body).toMatchObject({ from: '2024-01-01', to: '2024-12-31', totals: ZERO });
  });

  it('needs analytics:read: 403 for a member without it, 200 for a viewer (who cannot use AI)', async () => {
    const approver = await addMember(ai.t, owner, ['approver'], 'ai-usage-approver');
    const refused = await usageOf(ai, approver.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect(JSON.stringify(refused.body)).not.toContain('2320');

    const viewer = await addMember(ai.t, owner, ['viewer'], 'ai-usage-viewer');
    const seen = await usageOf(ai, viewer.token);
    expect(seen.status).toBe(200);
    expect(figures(seen.body.totals)).toEqual(total);

    const noToken = await call(ai.t.app, 'GET', '/api/v1/ai/usage');
    expect(noToken.status).toBe(401);
  });
});

describe('the monthly token budget', () => {
  let ai: AiTestApp;
  let account: Account;
  beforeAll(async () => {
    ai = await createAiTestApp({ AI_MONTHLY_TOKEN_BUDGET: '1000' });
    account = await registerAccount(ai.t.app, 'ai-budget');
  });
  afterAll(async () => ai?.close());

  it('lets the call that crosses it finish, then refuses the next with 429 before any call', async () => {
    ai.anthropic.reply(
      text('Summary.', {
        usage: {
          input_tokens: 900,
          output_tokens: 200,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 100,
        },
      }),
    );
    const first = await call(ai.t.app, 'POST', '/api/v1/ai/summarize', {
      token: account.token,
      body: { text: 'Something to summarize.' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(ai.anthropic.messageRequests()).toHaveLength(1);

    for (const [path, body] of [
      ['/api/v1/ai/ask', { prompt: 'One more?' }],
      ['/api/v1/ai/classify', { text: 'x', categories: ['a', 'b'] }],
    ] as const) {
      const before = Date.now();
      const refused = await call(ai.t.app, 'POST', path, { token: account.token, body });
      expect(refused.status, JSON.stringify(refused.body)).toBe(429);
      expect(refused.body).toMatchObject({ code: 'ai_budget_exceeded' });
      const retryAfter = refused.headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      const seconds = Number(retryAfter);
      const expected = (firstOfNextMonth().getTime() - before) / 1000;
      expect(seconds).toBeGreaterThan(0);
      expect(Math.abs(seconds - expected)).toBeLessThanOrEqual(5);
    }
    // Nothing more reached the Messages API (nor anything else).
    expect(ai.anthropic.messageRequests()).toHaveLength(1);

    const usage = await usageOf(ai, account.token);
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    expect(usage.body.budget).toMatchObject({ monthly_tokens: 1000, used_tokens: 1200, remaining_tokens: 0 });
    expect(usage.body.totals).toMatchObject({ calls: 1, total_tokens: 1200 });
  });

  it('also refuses a streamed ask before the stream opens', async () => {
    const requestsBefore = ai.anthropic.requests.length;
    const refused = await call(ai.t.app, 'POST', '/api/v1/ai/ask', {
      token: account.token,
      body: { prompt: 'Stream it' },
      headers: { accept: 'text/event-stream' },
    });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'ai_budget_exceeded' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ai.anthropic.requests.length).toBe(requestsBefore);
  });
});
