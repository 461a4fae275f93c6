import { ScheduleNotFoundError } from '@temporalio/client';
import { like } from 'drizzle-orm';
import { registerSchedulesRoutes } from '../../src/api/routes/schedules/index.js';
import { executions } from '../../src/db/schema/index.js';
import type { ScheduleResource } from '../../src/services/schedules/types.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call } from '../harness/http.js';

/**
 * The app with the schedule routes. Until app.ts registers them they are added here; once it
 * does, this finds them already there and adds nothing.
 */
export async function createSchedulesApp(): Promise<TestApp> {
  const t = await createTestApp();
  // Looked up in the registry, not by a request: Hono refuses new routes once it has routed one.
  const registered = t.app.openAPIRegistry.definitions.some(
    (d) => d.type === 'route' && d.route.operationId === 'listSchedules',
  );
  if (!registered) registerSchedulesRoutes(t.app);
  return t;
}

/** Schedules made by a test file, deleted from the shared dev server when the file ends. */
const made = new Set<string>();

export async function deleteLeftoverSchedules(t: TestApp | undefined) {
  if (!t) return;
  for (const id of made) {
    try {
      await t.deps.temporal.client.schedule.getHandle(id).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }
  made.clear();
}

export async function createSchedule(t: TestApp, account: Account, body: Record<string, unknown>) {
  const response = await call<ScheduleResource>(t.app, 'POST', '/api/v1/schedules', {
    token: account.token,
    body,
  });
  if (response.status !== 201)
    throw new Error(`create schedule: ${response.status} ${JSON.stringify(response.body)}`);
  made.add(response.body.id);
  return response.body;
}

/** Remembers a schedule created another way (a direct service call) for the cleanup. */
export function track(id: string) {
  made.add(id);
}

export async function getSchedule(t: TestApp, account: Account, id: string) {
  return call<ScheduleResource>(t.app, 'GET', `/api/v1/schedules/${id}`, { token: account.token });
}

/** The execution rows of a schedule's runs: their ids are `exe_<scheduleId>-<nominal time>`. */
export async function runsOf(t: TestApp, scheduleId: string) {
  return t.deps.database.db
    .select()
    .from(executions)
    .where(like(executions.id, `exe_${scheduleId}-%`));
}

/** Calls `read` until `done` holds for its result, or fails after `timeoutMs`. */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const QUICK_DEFINITION = {
  variables: { who: { type: 'string', default: 'world' } },
  steps: [{ id: 'greet', type: 'transform', config: { expression: '"hello " & input.who' } }],
};
