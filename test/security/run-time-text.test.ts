import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionLogs, executionSteps, executions } from '../../src/db/schema/index.js';
import { REPLACEMENT_CHARACTER, storableJson, storableText } from '../../src/lib/storable-text.js';
import { ReadModelWriter } from '../../src/services/executions/read-model-writer.js';
import type { StepEvent } from '../../src/workflows/sinks.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, registerAccount } from '../harness/http.js';
import { launch, seedPublishedWorkflow, waitForOutcome } from '../harness/workflows.js';

/**
 * Text PostgreSQL cannot store, produced by a run rather than sent to the API. Such a run once
 * stayed `running` with no step rows while its outcome write retried forever. Now it is stored
 * with U+FFFD in place of each NUL and lone surrogate, and a row the database still refuses never
 * takes another organization's rows down with it.
 */
let t: TestApp;
let hostile: Account;
let bystander: Account;
beforeAll(async () => {
  t = await createTestApp();
  await t.startWorker();
  hostile = await registerAccount(t.app, 'nul-hostile');
  bystander = await registerAccount(t.app, 'nul-bystander');
});
afterAll(() => t?.close());

const NUL = '$decodeUrlComponent("%00")';

function stepsOf(executionId: string) {
  return t.deps.database.db.select().from(executionSteps).where(eq(executionSteps.executionId, executionId));
}

describe('text a run produces', () => {
  it('replaces NUL and lone surrogates, keys included, without a depth limit', () => {
    expect(storableText('a\u0000b\uD800c\uDC00d😀')).toBe(`a\uFFFDb\uFFFDc\uFFFDd😀`);
    let deep: unknown = { 'k\u0000': ['\uDBFF'] };
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    let found: unknown = storableJson(deep);
    for (let i = 0; i < 20_000; i += 1) found = (found as unknown[])[0];
    expect(found).toEqual({ [`k${REPLACEMENT_CHARACTER}`]: [REPLACEMENT_CHARACTER] });
  });

  it('stores a NUL a transform made, and the run ends; another organization runs alongside', async () => {
    const made = await seedPublishedWorkflow(t, hostile, {
      steps: [
        { id: 'make', type: 'transform', config: { expression: `{ "v": "a" & ${NUL}, ${NUL}: 1 }` } },
        { id: 'boom', type: 'fail', config: { message: 'bad {{ steps.make.output.v }} end' } },
      ],
    });
    const plain = await seedPublishedWorkflow(t, bystander, {
      steps: [{ id: 'hello', type: 'transform', config: { expression: '"hi"' } }],
      output: '{{ steps.hello.output }}',
    });
    const [hostileRun, bystanderRun] = await Promise.all([
      launch(t, hostile, made),
      launch(t, bystander, plain),
    ]);
    const [failed, completed] = await Promise.all([
      waitForOutcome(t, hostileRun.id),
      waitForOutcome(t, bystanderRun.id),
    ]);
    expect(completed.status).toBe('completed');
    expect((await stepsOf(bystanderRun.id)).map((s) => s.status)).toEqual(['completed']);

    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'FAILED', message: `bad a${REPLACEMENT_CHARACTER} end` });
    const steps = await stepsOf(hostileRun.id);
    const make = steps.find((s) => s.stepId === 'make');
    expect(make?.output).toEqual({ v: `a${REPLACEMENT_CHARACTER}`, [REPLACEMENT_CHARACTER]: 1 });
    expect(steps.find((s) => s.stepId === 'boom')?.status).toBe('failed');
    const logs = await t.deps.database.db
      .select()
      .from(executionLogs)
      .where(and(eq(executionLogs.executionId, hostileRun.id), eq(executionLogs.stepId, 'boom')));
    expect(logs.map((l) => l.message)).toContain(`bad a${REPLACEMENT_CHARACTER} end`);
  });

  it("keeps the other rows of a batch when the database refuses one, another organization's included", async () => {
    const plain = await seedPublishedWorkflow(t, bystander, {
      steps: [{ id: 'hello', type: 'transform', config: { expression: '"hi"' } }],
    });
    const run = await launch(t, bystander, plain);
    await waitForOutcome(t, run.id);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const writer = new ReadModelWriter(t.deps.database.db, logger, 60_000);
    const event = (executionId: string, orgId: string, path: string): StepEvent => ({
      executionId,
      orgId,
      path,
      stepId: path,
      type: 'transform',
      status: 'completed',
      seq: 9,
      output: { ok: path },
      at: new Date().toISOString(),
    });
    // The first row names a run that does not exist: its foreign key refuses it, whatever its data.
    writer.step(event('exe_missing', hostile.orgId, 'orphan'));
    writer.step(event(run.id, bystander.orgId, 'kept'));
    await writer.flush();
    const kept = (await stepsOf(run.id)).find((s) => s.path === 'kept');
    expect(kept?.output).toEqual({ ok: 'kept' });
    expect(warnings.join('')).toContain('dropped');
    // Nothing is retried forever: a second flush has nothing left to write.
    await writer.flush();
    expect(
      await t.deps.database.db.select().from(executions).where(eq(executions.id, 'exe_missing')),
    ).toEqual([]);
  });
});
