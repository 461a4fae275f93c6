import { DefaultLogger, type InjectedSinks, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { and, eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createAgentTaskActivities } from '../../src/activities/agent-tasks.js';
import { createActivities } from '../../src/activities/index.js';
import { registerAgentTasksRoutes } from '../../src/api/routes/agent-tasks/index.js';
import { registerAgentsRoutes } from '../../src/api/routes/agents/index.js';
import { agentTasks, roles, userRoles, users } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { issueAccessToken } from '../../src/services/auth/access-tokens.js';
import { ReadModelWriter } from '../../src/services/executions/read-model-writer.js';
import type { ExecutionSinks } from '../../src/workflows/sinks.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, type JsonResponse } from '../harness/http.js';

export interface AgentsTestApp extends TestApp {
  /** Stops the worker started by `agentsApp`, then closes the app. */
  close(): Promise<void>;
}

/**
 * The test app with the agent routes (registered here until app.ts does it) and, by default, a
 * worker whose activities can seal task tokens: the harness worker gets no master key yet.
 */
export async function agentsApp(
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<AgentsTestApp> {
  const t = await createTestApp(options.env);
  if (!t.app.routes.some((route) => route.path === '/api/v1/agent-tasks/claim')) {
    registerAgentsRoutes(t.app);
    registerAgentTasksRoutes(t.app);
  }
  const stopWorker = options.worker === false ? async () => {} : await startAgentWorker(t);
  return {
    ...t,
    async close() {
      await stopWorker();
      await t.close();
    },
  };
}

async function startAgentWorker(t: TestApp): Promise<() => Promise<void>> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this process.
  }
  const db = t.deps.database.db;
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const readModel = new ReadModelWriter(db, t.deps.logger);
  const sinks: InjectedSinks<ExecutionSinks> = {
    readModel: {
      step: { fn: (_info, event) => readModel.step(event), callDuringReplay: false },
      log: { fn: (_info, event) => readModel.log(event), callDuringReplay: false },
    },
  };
  const worker = await Worker.create({
    connection,
    namespace: inject('temporalNamespace'),
    taskQueue: t.deps.temporal.taskQueue,
    activities: {
      ...createActivities({ db, temporal: t.deps.temporal, readModel, logger: t.deps.logger }),
      ...createAgentTaskActivities({ db, masterKey: t.deps.secrets.masterKey }),
    },
    sinks,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    shutdownGraceTime: '5 seconds',
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await readModel.flush();
    await connection.close();
  };
}

export interface Robot {
  id: string;
  token: string;
  body: Record<string, unknown>;
}

export async function registerRobot(
  t: TestApp,
  account: Account,
  fields: { name?: string; labels?: string[]; capabilities?: string[]; max_concurrency?: number } = {},
): Promise<Robot> {
  const answer = await call<{ id: string; token: string }>(t.app, 'POST', '/api/v1/agents', {
    token: account.token,
    body: { kind: 'robot', name: fields.name ?? 'test robot', ...fields },
  });
  if (answer.status !== 201)
    throw new Error(`register robot: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, token: answer.body.token, body: answer.body };
}

export interface ClaimAnswer {
  agent_id: string;
  task: {
    id: string;
    task_type: string;
    payload: unknown;
    attempt: number;
    execution_id: string;
    heartbeat_interval_seconds: number | null;
  } | null;
}

export function claim(
  t: TestApp,
  robot: Robot,
  body: Record<string, unknown> = {},
): Promise<JsonResponse<ClaimAnswer>> {
  return call<ClaimAnswer>(t.app, 'POST', '/api/v1/agent-tasks/claim', { token: robot.token, body });
}

export function report(t: TestApp, robot: Robot, taskId: string, body: Record<string, unknown>) {
  return call(t.app, 'POST', `/api/v1/agent-tasks/${taskId}/result`, { token: robot.token, body });
}

export function heartbeat(t: TestApp, robot: Robot, body: Record<string, unknown> = {}) {
  return call<{ cancel_task_ids: string[]; heartbeat_interval_seconds: number | null }>(
    t.app,
    'POST',
    `/api/v1/agents/${robot.id}/heartbeat`,
    { token: robot.token, body },
  );
}

/** Waits for the execution's agent task rows to satisfy `done` (they are written by the worker). */
export async function waitForTasks(
  t: TestApp,
  executionId: string,
  done: (rows: (typeof agentTasks.$inferSelect)[]) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.deps.database.db
      .select()
      .from(agentTasks)
      .where(eq(agentTasks.executionId, executionId))
      .orderBy(agentTasks.attempt);
    if (done(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(
        `agent tasks of ${executionId}: ${JSON.stringify(rows.map((r) => [r.attempt, r.status]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A workflow with one `agent` step; `config` overrides the step config. */
export function agentDefinition(config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    variables: { order: { type: 'string', default: 'A-1' } },
    steps: [
      {
        id: 'robot_work',
        type: 'agent',
        config: { task_type: 'http.request', payload: { order: '{{ input.order }}' }, ...config },
        ...extra,
      },
    ],
  };
}

let members = 0;

/** A user of `owner`'s organization with one built-in role (no user management API yet). */
export async function memberWithRole(t: TestApp, owner: Account, role: string): Promise<{ token: string }> {
  members += 1;
  const db = t.deps.database.db;
  const userId = newId('usr');
  await db.insert(users).values({
    id: userId,
    orgId: owner.orgId,
    email: `agents-${role}-${process.pid}-${members}-${Date.now()}@example.com`,
    name: `${role} ${members}`,
    passwordHash: 'not-a-password',
  });
  const [found] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, owner.orgId), eq(roles.name, role)));
  if (!found) throw new Error(`no role ${role}`);
  await db.insert(userRoles).values({ orgId: owner.orgId, userId, roleId: found.id });
  const { token } = await issueAccessToken(
    t.deps.secrets,
    { issuer: t.deps.config.JWT_ISSUER, audience: t.deps.config.JWT_AUDIENCE, accessTtlSeconds: 900 },
    { userId, orgId: owner.orgId },
  );
  return { token };
}
