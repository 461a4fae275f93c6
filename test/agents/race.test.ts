import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTasks } from '../../src/db/schema/index.js';
import { registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';
import {
  type AgentsTestApp,
  agentDefinition,
  agentsApp,
  claim,
  type Robot,
  registerRobot,
  report,
} from './helpers.js';

const TASKS = 20;
const ROBOTS = 5;

// Row locks (SELECT … FOR UPDATE SKIP LOCKED) only race on a real server with a connection pool;
// the embedded database runs one statement at a time.
describe.runIf(process.env.DATABASE_URL)('robots racing for tasks on PostgreSQL', () => {
  let t: AgentsTestApp;
  beforeAll(async () => {
    t = await agentsApp();
  });
  afterAll(() => t?.close());

  it('five robots over twenty tasks: each task is claimed once and done exactly once', async () => {
    const owner = await registerAccount(t.app, 'race');
    const workflowId = await seedPublishedWorkflow(t, owner, agentDefinition());
    const robots = await Promise.all(
      Array.from({ length: ROBOTS }, (_, i) =>
        registerRobot(t, owner, { name: `racer ${i}`, max_concurrency: 3 }),
      ),
    );
    const executions = await Promise.all(
      Array.from({ length: TASKS }, (_, i) => launch(t, owner, workflowId, { order: `R-${i}` })),
    );

    const claims: { robot: string; task: string }[] = [];
    let done = 0;
    const deadline = Date.now() + 40_000;
    const work = async (robot: Robot) => {
      while (done < TASKS && Date.now() < deadline) {
        // Several claims in flight per robot too: its capacity check must hold under concurrency.
        const answers = await Promise.all([
          claim(t, robot, { wait_seconds: 1 }),
          claim(t, robot, { wait_seconds: 1 }),
        ]);
        for (const answer of answers) {
          expect(answer.status).toBe(200);
          const task = answer.body.task;
          if (!task) continue;
          claims.push({ robot: robot.id, task: task.id });
          const result = await report(t, robot, task.id, {
            status: 'success',
            output: { by: robot.id, task: task.id },
          });
          expect(result.status).toBe(200);
          done += 1;
        }
      }
    };
    await Promise.all(robots.map(work));

    expect(claims).toHaveLength(TASKS);
    expect(new Set(claims.map((c) => c.task)).size).toBe(TASKS);
    const outcomes = await Promise.all(executions.map((execution) => waitForOutcome(t, execution.id)));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 'completed'));
    const rows = await t.deps.database.db
      .select()
      .from(agentTasks)
      .where(
        inArray(
          agentTasks.executionId,
          executions.map((e) => e.id),
        ),
      );
    expect(rows).toHaveLength(TASKS);
    for (const row of rows) {
      const claimed = claims.find((c) => c.task === row.id);
      expect(row).toMatchObject({ status: 'completed', attempt: 1, agentId: claimed?.robot });
      expect(row.result).toEqual({ by: claimed?.robot, task: row.id });
    }
    // Every robot got work: the queue was shared, not drained by whoever polled first.
    expect(new Set(claims.map((c) => c.robot)).size).toBeGreaterThan(1);
  });
});
