// Helpers for the codec tests: a run whose input holds a planted secret, and its raw payloads as
// the Temporal server stores them (still encrypted), in the codec server's JSON shape.
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../harness/app.js';
import type { Account } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

export interface WirePayload {
  metadata: Record<string, string>;
  data: string;
}

export const plantedSecret = () => `planted-${randomBytes(8).toString('hex')}`;

/** A completed run whose input and output both carry `secret`. */
export async function runHoldingSecret(t: TestApp, account: Account, secret: string) {
  const workflowId = await seedPublishedWorkflow(t, account, {
    variables: { token: { type: 'string' } },
    steps: [{ id: 'echo', type: 'transform', config: { expression: '{ "echo": input.token }' } }],
  });
  const execution = await launch(t, account, workflowId, { token: secret });
  const outcome = await waitForOutcome(t, execution.id);
  if (outcome.status !== 'completed') throw new Error(`run ${execution.id} ended ${outcome.status}`);
  return execution.id;
}

/** Every payload in the run's history, as fetched without the codec (what the server holds). */
export async function rawPayloadsOf(t: TestApp, executionId: string): Promise<WirePayload[]> {
  const history = await t.deps.temporal.client.workflow.getHandle(executionId).fetchHistory();
  const found: WirePayload[] = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && record.data instanceof Uint8Array) {
      found.push({
        metadata: Object.fromEntries(
          Object.entries(record.metadata as Record<string, Uint8Array>).map(([k, v]) => [
            k,
            Buffer.from(v).toString('base64'),
          ]),
        ),
        data: Buffer.from(record.data).toString('base64'),
      });
      return;
    }
    // Plain on purpose: search attributes, which the server indexes (ids, not data), and markers,
    // whose details the SDK's core writes itself (patch ids, local activities' bookkeeping).
    for (const [key, child] of Object.entries(record)) {
      if (key !== 'searchAttributes' && key !== 'markerRecordedEventAttributes') visit(child);
    }
  };
  visit(history.events);
  return found;
}

/** The whole history as the server holds it, bytes as latin1 text: for "the secret is nowhere". */
export async function rawHistoryText(t: TestApp, executionId: string): Promise<string> {
  const history = await t.deps.temporal.client.workflow.getHandle(executionId).fetchHistory();
  return JSON.stringify(history, (_key, value) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
  );
}

export const metadataText = (payload: WirePayload, key: string) =>
  Buffer.from(payload.metadata[key] ?? '', 'base64').toString('utf8');
export const dataText = (payload: WirePayload) => Buffer.from(payload.data, 'base64').toString('utf8');
