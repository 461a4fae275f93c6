import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executions } from '../../src/db/schema/index.js';
import { CANCEL_GRACE_MS, cancelEscalationId } from '../../src/workflows/cancel-escalation-input.js';
import { INTERPRETER_WORKFLOW_TYPE } from '../../src/workflows/execution-input.js';
import { insertExecutionRow } from '../executions/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';

/**
 * A run whose workflow tasks could not complete once answered cancel with 202 and kept running
 * until someone terminated it with the Temporal CLI. Now cancel escalates to terminate after
 * CANCEL_GRACE_MS. The stuck run here is one no worker ever polls for: its tasks never complete.
 */
let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  account = await registerAccount(t.app, 'cancel-escalation');
});
afterAll(() => t?.close());

describe('cancel escalation', () => {
  it(
    'terminates a run that does not end within the grace period after a cancel',
    async () => {
      const workflowId = await seedPublishedWorkflow(t, account, {
        steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
      });
      const id = await insertExecutionRow(t, account, workflowId, { status: 'running' });
      await t.deps.temporal.client.workflow.start(INTERPRETER_WORKFLOW_TYPE, {
        workflowId: id,
        taskQueue: `nobody-polls-${randomBytes(4).toString('hex')}`,
        args: [{}],
      });

      const cancel = await call<{ status: string }>(t.app, 'POST', `/api/v1/executions/${id}/cancel`, {
        token: account.token,
      });
      expect(cancel.status).toBe(202);
      expect(cancel.body.status).toBe('cancelling');
      // Asking again is harmless: one escalation per run.
      expect(
        (await call(t.app, 'POST', `/api/v1/executions/${id}/cancel`, { token: account.token })).status,
      ).toBe(202);

      const deadline = Date.now() + CANCEL_GRACE_MS + 20_000;
      let status = 'RUNNING';
      while (status === 'RUNNING' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = (await t.deps.temporal.client.workflow.getHandle(id).describe()).status.name;
      }
      expect(status).toBe('TERMINATED');
      // The escalation terminates the run and then records it: its result means both are done.
      const escalation = t.deps.temporal.client.workflow.getHandle(cancelEscalationId(id));
      expect(await escalation.result()).toEqual({ terminated: true });
      const [row] = await t.deps.database.db.select().from(executions).where(eq(executions.id, id));
      expect(row?.status).toBe('terminated');
    },
    CANCEL_GRACE_MS + 40_000,
  );
});
