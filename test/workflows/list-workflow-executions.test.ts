import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertExecutionRow } from '../executions/helpers.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import {
  type CursorPageBody,
  expectCursorsRefused,
  expectForeignCursorLeaksNothing,
  hostileCursors,
  walkByCursor,
} from '../harness/cursor-contract.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { seedPublishedWorkflow } from '../harness/workflows.js';

const DEFINITION = { steps: [{ id: 'wait', type: 'delay', config: { duration: '1s' } }] };

let t: TestApp;
let owner: Account;
let stranger: Account;
let workflowId: string;
let strangerWorkflowId: string;
const ownIds: string[] = [];
const strangerIds: string[] = [];

/** Rows a minute apart, newest last, so the list (newest first) has a known order. */
async function seedRuns(account: Account, workflow: string, count: number, into: string[]) {
  const base = Date.now() - 3_600_000;
  for (let i = 0; i < count; i++) {
    into.push(
      await insertExecutionRow(t, account, workflow, {
        status: 'completed',
        startedAt: new Date(base + (into.length + i) * 60_000),
      }),
    );
  }
}

const pageOf = (account: Account, workflow: string) => (query: string) =>
  call<CursorPageBody>(t.app, 'GET', `/api/v1/workflows/${workflow}/executions?${query}`, {
    token: account.token,
  });

beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'wf-exe-list');
  stranger = await registerAccount(t.app, 'wf-exe-stranger');
  workflowId = await seedPublishedWorkflow(t, owner, DEFINITION);
  strangerWorkflowId = await seedPublishedWorkflow(t, stranger, DEFINITION);
  await seedRuns(owner, workflowId, 7, ownIds);
  await seedRuns(stranger, strangerWorkflowId, 3, strangerIds);
});

afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/workflows/{id}/executions', () => {
  it('walks every run once by next_cursor, newest first, while runs start meanwhile', async () => {
    const seen = await walkByCursor(pageOf(owner, workflowId), 3, async () => {
      await seedRuns(owner, workflowId, 1, ownIds);
    });
    const original = ownIds.slice(0, 7).reverse();
    // Runs started during the walk are newer than the cursor: a later page never repeats or skips.
    expect(seen.filter((id) => original.includes(id as string))).toEqual(original);
  });

  it('refuses cursors it never issued with 400 invalid_cursor', async () => {
    const first = await pageOf(owner, workflowId)('page_size=2');
    expect(first.body.next_cursor).toBeTruthy();
    await expectCursorsRefused(
      pageOf(owner, workflowId),
      hostileCursors(first.body.next_cursor as string, 'executions'),
    );
  });

  it("another organization's cursor shows only this organization's runs", async () => {
    const foreign = await pageOf(stranger, strangerWorkflowId)('page_size=1');
    expect(foreign.body.next_cursor).toBeTruthy();
    await expectForeignCursorLeaksNothing(
      pageOf(owner, workflowId),
      foreign.body.next_cursor as string,
      ownIds,
      strangerIds,
    );
  });

  it("another organization's workflow is a 404", async () => {
    const response = await pageOf(owner, strangerWorkflowId)('page_size=5');
    expect(response.status).toBe(404);
  });
});

describe('GET /api/v1/hitl-approvals', () => {
  it('refuses a cursor of another list, and garbage, with 400 invalid_cursor', async () => {
    const first = await pageOf(owner, workflowId)('page_size=2');
    const approvals = (query: string) =>
      call<CursorPageBody>(t.app, 'GET', `/api/v1/hitl-approvals?${query}`, { token: owner.token });
    await expectCursorsRefused(approvals, [first.body.next_cursor as string, 'not-a-cursor!']);
  });
});
