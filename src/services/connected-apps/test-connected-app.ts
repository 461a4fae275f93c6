import { validationFailed } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { recordAppEvent } from './app-events.js';
import { endpointsOf, findConnectedApp, settingsOf } from './app-resource.js';
import { callWithToken } from './call-with-token.js';
import { requireTokens } from './connected-tokens.js';

/** What a test answer and its event keep of the body. */
const TEST_KEEP_BYTES = 4 * 1024;

/**
 * Calls the app's test URL, or else its provider's userinfo endpoint, with its access token and
 * reports how that went: status, latency and the start of the body (token scrubbed). A 2xx logs
 * `tested`, anything else `test_failed`.
 */
export async function testConnectedApp(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'connected_apps:write');
  const app = await findConnectedApp(ctx.db, ctx.orgId, id);
  const url = settingsOf(app).test_url ?? endpointsOf(app).userinfo_endpoint;
  if (!url) {
    throw validationFailed('connected app', [
      {
        path: 'test_url',
        code: 'required',
        message: 'the app has no test_url and its provider no userinfo endpoint',
      },
    ]);
  }
  const tokens = await requireTokens(ctx, app);
  let answer: {
    ok: boolean;
    url: string;
    status: number | null;
    latency_ms: number | null;
    body: unknown;
    error?: string;
  };
  try {
    const result = await callWithToken(ctx, tokens, { method: 'GET', url }, TEST_KEEP_BYTES);
    answer = {
      ok: result.status >= 200 && result.status < 300,
      url,
      status: result.status,
      latency_ms: result.latency_ms,
      body: result.body,
    };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    answer = { ok: false, url, status: null, latency_ms: null, body: null, error: error.code };
  }
  await ctx.db.transaction(async (tx) => {
    await recordAppEvent(tx, {
      orgId: ctx.orgId,
      appId: id,
      kind: answer.ok ? 'tested' : 'test_failed',
      detail: { url, status: answer.status, latency_ms: answer.latency_ms, error: answer.error ?? null },
    });
    await recordAudit(tx, ctx, {
      action: 'connected_app.test',
      resourceType: 'connected_app',
      resourceId: id,
      details: { ok: answer.ok, status: answer.status },
    });
  });
  return answer;
}
