import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions } from '../../src/db/schema/index.js';
import { derivedId, newId } from '../../src/lib/ids.js';
import { clientIdempotencyKey } from '../../src/services/workflows/execute-workflow.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { waitForOutcome } from '../harness/workflows.js';
import { createWorkflow, execute, publish } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'wf-execute');
});
afterAll(() => t?.close());

async function publishedGreeter() {
  const workflow = await createWorkflow(t.app, account);
  await publish(t.app, account, workflow.id);
  return workflow.id;
}

/** The Temporal runs carrying this workflow's id, once visibility has caught up with `atLeast`. */
async function temporalRunsOf(workflowId: string, atLeast: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ids: string[] = [];
    for await (const run of t.deps.temporal.client.workflow.list({
      query: `ConveyorWorkflowId = '${workflowId}'`,
    })) {
      ids.push(run.workflowId);
    }
    if (ids.length >= atLeast || Date.now() > deadline) return ids;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST /workflows/{id}/execute', () => {
  it('answers a repeated Idempotency-Key with the execution it first started', async () => {
    const id = await publishedGreeter();
    const headers = { 'idempotency-key': 'order-4711' };
    const first = await execute(t.app, account, id, { name: 'ada' }, headers);
    expect(first.status).toBe(202);
    expect(first.body.created).toBe(true);
    await waitForOutcome(t, first.body.execution_id);

    const again = await execute(t.app, account, id, { name: 'ada' }, headers);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ execution_id: first.body.execution_id, created: false });
    expect(again.body.status).toBe('completed');
    expect(await temporalRunsOf(id, 1)).toEqual([first.body.execution_id]);
  });

  it('starts one execution and one Temporal run for ten concurrent requests with one key', async () => {
    const id = await publishedGreeter();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        execute(t.app, account, id, { name: 'ada' }, { 'idempotency-key': 'burst-key' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    const executionIds = new Set(responses.map((r) => r.body.execution_id));
    expect(executionIds.size).toBe(1);
    expect(responses.filter((r) => r.body.created).length).toBe(1);
    const [executionId] = [...executionIds] as [string];

    const rows = await t.deps.database.db
      .select()
      .from(executions)
      .where(and(eq(executions.orgId, account.orgId), eq(executions.workflowId, id)));
    expect(rows.map((r) => r.id)).toEqual([executionId]);
    expect((await waitForOutcome(t, executionId)).status).toBe('completed');
    expect(await temporalRunsOf(id, 1)).toEqual([executionId]);
  });

  it('starts the run of a keyed execution whose first attempt died before Temporal started it', async () => {
    const id = await publishedGreeter();
    const key = 'died-after-commit';
    // What an API process killed between its commit and Temporal's start leaves behind.
    // Clients' keys are stored in their own key space (see execute-workflow.ts).
    const orphan = derivedId('exe', account.orgId, clientIdempotencyKey(key));
    await t.deps.database.db.insert(executions).values({
      id: orphan,
      orgId: account.orgId,
      workflowId: id,
      workflowVersion: 1,
      status: 'running',
      trigger: 'api',
      input: { name: 'ada' },
      idempotencyKey: clientIdempotencyKey(key),
    });
    const retried = await execute(t.app, account, id, { name: 'ada' }, { 'idempotency-key': key });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ execution_id: orphan, created: false });
    expect((await waitForOutcome(t, orphan)).status).toBe('completed');
    expect(await temporalRunsOf(id, 1)).toEqual([orphan]);
  });

  it('fails an unkeyed execution that was recorded but never started, once its grace period passed', async () => {
    const id = await publishedGreeter();
    const orphan = newId('exe');
    await t.deps.database.db.insert(executions).values({
      id: orphan,
      orgId: account.orgId,
      workflowId: id,
      workflowVersion: 1,
      status: 'running',
      trigger: 'api',
      input: { name: 'ada' },
      startedAt: new Date(Date.now() - 5 * 60_000),
    });
    const read = await call(t.app, 'GET', `/api/v1/executions/${orphan}`, { token: account.token });
    expect(read.body).toMatchObject({ status: 'failed', error: { code: 'START_FAILED' } });
  });

  it('refuses the same key for another workflow instead of answering with the wrong run', async () => {
    const [a, b] = [await publishedGreeter(), await publishedGreeter()];
    const first = await execute(t.app, account, a, { name: 'ada' }, { 'idempotency-key': 'shared' });
    expect(first.status).toBe(202);
    const other = await execute(t.app, account, b, { name: 'ada' }, { 'idempotency-key': 'shared' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('refuses an Idempotency-Key over 200 characters', async () => {
    const id = await publishedGreeter();
    const response = await execute(
      t.app,
      account,
      id,
      { name: 'ada' },
      { 'idempotency-key': 'k'.repeat(201) },
    );
    expect(response.status).toBe(400);
    const ok = await execute(t.app, account, id, { name: 'ada' }, { 'idempotency-key': 'k'.repeat(200) });
    expect(ok.status).toBe(202);
  });

  it('answers invalid input with 400 listing every field error, and starts nothing', async () => {
    const id = await publishedGreeter();
    const response = await execute(t.app, account, id, { times: 0, colour: 'red' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed' });
    const errors = (response.body as unknown as { errors: { path: string; code: string }[] }).errors;
    expect(errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['input.name', 'required'],
        ['input.times', 'invalid_value'],
        ['input.colour', 'unknown_variable'],
      ]),
    );
    const rows = await t.deps.database.db.select().from(executions).where(eq(executions.workflowId, id));
    expect(rows).toEqual([]);

    const notAnObject = await execute(t.app, account, id, ['ada'] as unknown as Record<string, unknown>);
    expect(notAnObject.status).toBe(400);
  });

  it("answers 404 for another organization's workflow and starts nothing", async () => {
    const id = await publishedGreeter();
    const stranger = await registerAccount(t.app, 'wf-execute-stranger');
    const response = await execute(t.app, stranger, id, { name: 'ada' });
    expect(response.status).toBe(404);
    const rows = await t.deps.database.db.select().from(executions).where(eq(executions.workflowId, id));
    expect(rows).toEqual([]);
  });
});
