import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedApps } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { workflowIdsOwnedBy } from '../../src/services/codec/payload-owners.js';
import { cancelEscalationId } from '../../src/workflows/cancel-escalation-input.js';
import { connectedAppTokenWorkflowId } from '../../src/workflows/connected-app-messages.js';
import { insertExecutionRow } from '../executions/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { userContextFor } from '../harness/contexts.js';
import { type Account, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';

/** The codec decodes a payload only for the organization that owns its workflow id's shape. */
let t: TestApp;
let owner: Account;
let stranger: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'owners');
  stranger = await registerAccount(t.app, 'owners-stranger');
});
afterAll(() => t?.close());

async function appOf(account: Account): Promise<string> {
  const id = newId('capp');
  await t.deps.database.db
    .insert(connectedApps)
    .values({ id, orgId: account.orgId, name: `app ${id}`, provider: 'generic', clientId: 'c' });
  return id;
}

describe('payload owners', () => {
  it("knows executions, their escalations and a connected app's token and sync workflows, in the caller's organization only", async () => {
    const workflowId = await seedPublishedWorkflow(t, owner, {
      steps: [{ id: 'x', type: 'transform', config: { value: 1 } }],
    });
    const execution = await insertExecutionRow(t, owner, workflowId, { status: 'completed' });
    const app = await appOf(owner);
    const ids = [
      execution,
      cancelEscalationId(execution),
      connectedAppTokenWorkflowId(app),
      `connected-app-sync:${app}:01ABC`,
    ];
    const mine = await workflowIdsOwnedBy(userContextFor(t, owner), [...ids, 'made-up', '']);
    expect([...mine].sort()).toEqual([...ids].sort());
    expect((await workflowIdsOwnedBy(userContextFor(t, stranger), ids)).size).toBe(0);
  });
});
