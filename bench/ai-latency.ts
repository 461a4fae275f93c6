// Issue 16: the latency an /ai/* call adds over the model's own answer time. A local stand-in of
// the Messages API answers after a fixed delay; each round makes the same call three ways,
// interleaved: the SDK straight to the stand-in (the baseline: the model's time plus HTTP), and
// POST /api/v1/ai/classify and /ai/ask through the product (API → Temporal run on the AI queue →
// worker activity → SDK through the outbound guard → usage recorded → answer).
//
//   npx tsx bench/ai-latency.ts        env: AI_BENCH_RUNS=30  AI_BENCH_DELAY_MS=300
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicStandIn, text, toolUse } from '../test/harness/anthropic-stand-in.js';
import { apiCall } from './lib/api-client.js';
import { type BenchRow, writeResult } from './lib/report.js';
import { startStack } from './lib/stack.js';
import { median, summarize } from './lib/stats.js';

const RUNS = Number(process.env.AI_BENCH_RUNS ?? 30);
/** What a short real answer takes; the overhead is reported apart from it. */
const DELAY_MS = Number(process.env.AI_BENCH_DELAY_MS ?? 300);
const KEY = 'sk-ant-bench';

const anthropic = await startAnthropicStandIn();
anthropic.respondWith((request) => {
  const tools = (request.body as { tools?: unknown[] } | null)?.tools;
  return tools?.length
    ? toolUse(
        'record_classification',
        { category: 'billing', confidence: 0.9, reason: 'bench' },
        { delayMs: DELAY_MS },
      )
    : text('An answer of a few words.', { delayMs: DELAY_MS });
});
const stack = await startStack({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: anthropic.url } });
const sdk = new Anthropic({ apiKey: KEY, baseURL: anthropic.url, maxRetries: 0 });

const samples = { direct: [] as number[], classify: [] as number[], ask: [] as number[] };
try {
  const { token } = await stack.register('ai-bench');
  const classifyBody = { text: 'I was charged twice.', categories: ['billing', 'shipping', 'other'] };
  const timed = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const direct = () =>
    sdk.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'I was charged twice.' }],
    });
  const classify = () => apiCall(stack.apiUrl, token, 'POST', '/api/v1/ai/classify', classifyBody);
  const ask = () =>
    apiCall(stack.apiUrl, token, 'POST', '/api/v1/ai/ask', { prompt: 'Say something short.' });
  // Warm-up: the first run of each path pays for connections, caches and JIT.
  for (const fn of [direct, classify, ask]) await fn();
  for (let round = 0; round < RUNS; round += 1) {
    samples.direct.push(await timed(direct));
    samples.classify.push(await timed(classify));
    samples.ask.push(await timed(ask));
  }
} finally {
  await stack.close();
  await anthropic.close();
}

const base = median(samples.direct);
const rows: BenchRow[] = (['classify', 'ask'] as const).map((name) => {
  const stats = summarize(samples[name]);
  return {
    metric: `POST /ai/${name}, end to end (stand-in answers after ${DELAY_MS} ms)`,
    value: Math.round(stats.median),
    unit: 'ms (median)',
    baseline: { name: 'the SDK straight to the stand-in', value: Math.round(base) },
    ratio: { value: Number((stats.median / base).toFixed(2)), meaning: 'Conveyor / direct SDK call' },
    spread: { min: Math.round(stats.min), max: Math.round(stats.max), runs: samples[name].length },
  };
});
const added = (name: 'classify' | 'ask') => Math.round(median(samples[name]) - base);
writeResult({
  name: 'ai-latency',
  title: 'AI call overhead: /ai/* through a Temporal run against a direct SDK call',
  command: 'npx tsx bench/ai-latency.ts',
  rows,
  notes: [
    `Added latency (median /ai/* − median direct call): classify ${added('classify')} ms, ask ${added('ask')} ms, over a stand-in answer time of ${DELAY_MS} ms.`,
    'The added time is the run: the API records it and starts a workflow on the AI queue, the worker picks up the workflow task and the activity, reads the key and the budget, calls through the outbound guard, records usage, and the API reads the result.',
  ],
});
console.log(
  JSON.stringify({
    base_ms: Math.round(base),
    classify_added_ms: added('classify'),
    ask_added_ms: added('ask'),
  }),
);
