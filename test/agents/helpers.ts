import { and, eq } from 'drizzle-orm';
import { agentTasks, roles, userRoles, users } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import { issueAccessToken } from '../../src/services/auth/access-tokens.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, type JsonResponse } from '../harness/http.js';

export type AgentsTestApp = TestApp;

/** The test app with a worker (its activities seal agent task tokens with the app's master key). */
export async function agentsApp(
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<AgentsTestApp> {
  const t = await createTestApp(options.env);
  if (options.worker ?? true) await t.startWorker();
  return t;
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
