import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { type RunningApi, serveApi } from '../../src/api/serve.js';
import { createEventSocket, type EventSocket } from '../../src/api/ws/event-socket.js';
import { connectSocket } from '../executions/helpers.js';
import type { TestApp } from '../harness/app.js';
import { registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { addMember, approvalDefinition, approvalsApp, decide, waitForApproval } from './helpers.js';

let t: TestApp;
let events: EventSocket;
let server: RunningApi;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  t = await approvalsApp();
  events = await createEventSocket(t.deps, { databaseUrl: t.testDatabase.url });
  server = await serveApi(t.app, '127.0.0.1', 0, { onUpgrade: events.handleUpgrade });
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await events?.close();
  await server?.close();
  await t?.close();
});

describe('approval notifications', () => {
  it('tells the organization’s sockets that a request waits, for whom, and how it ended', async () => {
    const owner = await registerAccount(t.app, 'apr-notify');
    const approver = await addMember(t, owner, ['approver']);
    const client = connectSocket(`${server.url.replace(/^http/, 'ws')}/ws?token=${approver.token}`);
    sockets.push(client.ws);
    await client.opened;

    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { roles: ['approver'] } }),
    );
    const execution = await launch(t, owner, workflowId, { order: 'B-2' });
    const approval = await waitForApproval(t, execution.id);

    const requested = await client.waitFor(
      (m) =>
        m.type === 'notification' &&
        m.data.kind === 'approval.requested' &&
        m.data.approval_id === approval.id,
    );
    expect(requested.data).toMatchObject({
      execution_id: execution.id,
      message: 'Ship order B-2?',
      approver_roles: ['approver'],
      approver_user_ids: [approver.userId],
    });

    expect((await decide(t, approver, approval.id, 'approve')).status).toBe(200);
    const decided = await client.waitFor(
      (m) =>
        m.type === 'notification' && m.data.kind === 'approval.decided' && m.data.approval_id === approval.id,
    );
    expect(decided.data).toMatchObject({ status: 'approved', outcome: 'approved' });
    await waitForOutcome(t, execution.id);
  });
});
