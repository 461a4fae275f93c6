import { type AnthropicStandIn, startAnthropicStandIn } from '../harness/anthropic-stand-in.js';
import { createTestApp, type TestApp } from '../harness/app.js';

/** The deployment key the AI tests' workers hold; it must never appear in an answer. */
export const DEPLOYMENT_KEY = 'sk-ant-deployment-5b1e0c';

export interface AiTestApp {
  t: TestApp;
  anthropic: AnthropicStandIn;
  close(): Promise<void>;
}

/**
 * The real app and a worker whose Anthropic client points at a local stand-in of the Messages
 * API (the outbound guard of the tests admits loopback); `env` adds settings.
 */
export async function createAiTestApp(env: Record<string, string> = {}): Promise<AiTestApp> {
  const anthropic = await startAnthropicStandIn();
  const t = await createTestApp({
    ANTHROPIC_API_KEY: DEPLOYMENT_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    ...env,
  });
  await t.startWorker();
  return {
    t,
    anthropic,
    async close() {
      await t.close();
      await anthropic.close();
    },
  };
}

/** What the SDK sent as the key: the stand-in records the `authorization` or `x-api-key` header. */
export const keyOf = (headers: Record<string, string>): string | undefined =>
  headers['x-api-key'] ?? headers.authorization?.replace(/^Bearer /, '');
