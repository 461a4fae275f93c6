import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { z } from 'zod';
import type { HttpActivities, HttpRequestSpec } from '../../../activities/http.js';
import { defineStepType } from '../step-type.js';

/** Names as the credential and connected-app routes allow them: literal, never a template. */
const secretName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a credential name (letters, digits, _ . -)');
const appName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => !name.includes('{{'), 'a connected app name, written out (not a template)');

// Per-call options replace these defaults (executeWithOptions), so they only satisfy the SDK's
// requirement that a proxy names a timeout.
const acts = proxyActivities<HttpActivities>({ startToCloseTimeout: '5 minutes' });
const localActs = proxyLocalActivities<HttpActivities>({ startToCloseTimeout: '5 minutes' });

/**
 * An HTTP call as a Temporal activity, retried with the step's policy. Strings may hold templates.
 * Sends `Idempotency-Key: <execution id>:<step path>` unless the step sets its own. A step with a
 * short timeout (at most 10 s) runs as a local activity: the worker runs it inside the workflow
 * task and records its result as a marker, skipping the two server round trips (schedule the
 * activity, then a new workflow task for its result) that a regular activity costs per step.
 */
export default defineStepType({
  type: 'http',
  description: 'Call an HTTP endpoint. Output: { status, headers, body } (JSON bodies parsed).',
  config: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
    url: z.string().min(1).max(8000),
    headers: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    body: z.unknown().optional(),
    expected_status: z.array(z.number().int().min(100).max(599)).optional(),
    /**
     * A credential or connected app of the run's organization, by name. Only the name travels
     * through the workflow; the activity decrypts the value and adds it to the request.
     */
    auth: z
      .union([z.strictObject({ credential: secretName }), z.strictObject({ connected_app: appName })])
      .optional(),
  }),
  async run(ctx, step) {
    const { auth, ...config } = step.config;
    const spec = await ctx.render<HttpRequestSpec>(config);
    if (auth) {
      spec.auth = {
        orgId: ctx.execution.orgId,
        ...('credential' in auth ? { credential: auth.credential } : { connectedApp: auth.connected_app }),
      };
    }
    // Every attempt of this step in this run carries the same key, so a server that honours
    // `Idempotency-Key` applies the call once however often Temporal retries it.
    const named = Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key');
    if (!named) {
      spec.headers = { ...spec.headers, 'Idempotency-Key': `${ctx.execution.executionId}:${ctx.path}` };
    }
    const local = ctx.localActivityOptions();
    const result = local
      ? await localActs.httpRequest.executeWithOptions(local, [spec])
      : await acts.httpRequest.executeWithOptions(ctx.activityOptions(), [spec]);
    ctx.reportAttempts(result.attempt);
    return { status: result.status, headers: result.headers, body: result.body };
  },
});
