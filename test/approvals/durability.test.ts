import proto from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { standInGuard } from '../../src/lib/outbound/build-guard.js';
import { aiProviderOf } from '../../src/services/ai/anthropic-client.js';
import { serviceConfig } from '../../src/services/service-config.js';
import { createConveyorWorker } from '../../src/temporal/create-worker.js';
import type { TestApp } from '../harness/app.js';
import { registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import { addMember, approvalDefinition, approvalsApp, decide, waitForApproval } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  // No worker yet: the first one is started and stopped by the test itself.
  t = await approvalsApp({ worker: false });
});
afterAll(() => t?.close());

const { EventType } = proto.temporal.api.enums.v1;

/** A worker outside the harness, so the test can stop it (the harness stops its own at close). */
async function startOwnWorker(identity: string) {
  try {
    // As the harness does for its workers: the SDK logs every state change at INFO otherwise.
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this process.
  }
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const { worker, readModel } = await createConveyorWorker({
    connection,
    namespace: inject('temporalNamespace'),
    taskQueue: t.deps.config.TEMPORAL_TASK_QUEUE,
    db: t.deps.database.db,
    temporal: t.deps.temporal,
    logger: t.deps.logger,
    secrets: t.deps.secrets,
    config: serviceConfig(t.deps.config),
    ai: aiProviderOf(t.deps.config),
    outbound: standInGuard(inject('temporalAddress'), inject('temporalPorts')),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    identity,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await readModel.flush();
      await connection.close();
    },
  };
}

describe('a run waiting for approval', () => {
  it('survives a worker restart: a new worker replays it, takes the decision and completes it', async () => {
    const owner = await registerAccount(t.app, 'apr-restart');
    const approver = await addMember(t, owner, ['approver']);
    const workflowId = await seedPublishedWorkflow(
      t,
      owner,
      approvalDefinition({ approvers: { users: [approver.userId] } }),
    );
    const first = await startOwnWorker('first-worker');
    const execution = await launch(t, owner, workflowId);
    const approval = await waitForApproval(t, execution.id);
    await first.stop();

    // With no worker the run cannot take the decision: 503 after the deadline, and with the same
    // Idempotency-Key the retry later gets the decision (once), whatever happened to the first try.
    const headers = { 'idempotency-key': 'restart-approve' };
    const unanswered = await decide(t, approver, approval.id, 'approve', { comment: 'back' }, headers);
    expect(unanswered.status).toBe(503);
    expect(unanswered.body.code).toBe('temporal_unavailable');

    await t.startWorker();
    const answered = await decide(t, approver, approval.id, 'approve', { comment: 'back' }, headers);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'approved', decisions: [{ comment: 'back' }] });
    const done = await waitForOutcome(t, execution.id);
    expect(done).toMatchObject({ status: 'completed', output: { outcome: 'approved' } });

    // The decision was taken by the second worker, which rebuilt the run from its history.
    const history = await t.deps.temporal.client.workflow.getHandle(execution.id).fetchHistory();
    const taskWorkers = (history.events ?? [])
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
      .map((e) => e.workflowTaskStartedEventAttributes?.identity);
    expect(taskWorkers[0]).toBe('first-worker');
    expect(taskWorkers.at(-1)).not.toBe('first-worker');
    const accepted = (history.events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted).toHaveLength(1);
  });
});
