// The interpreter's determinism guard: every recorded history (scripts/record-histories.ts) must
// replay against today's workflow bundle. A change to the commands the interpreter issues for an
// existing definition (another activity, a timer more or less, a different order) fails here
// unless it is behind `patched()`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type InjectedSinks, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { staticKeyring } from '../../src/lib/keys/keyring.js';
import { loadStepTypes } from '../../src/services/workflows/step-types.js';
import { conveyorDataConverter } from '../../src/temporal/data-converter.js';
import { ConveyorPayloadCodec } from '../../src/temporal/payload-codec.js';
import type { ExecutionSinks } from '../../src/workflows/sinks.js';
import { REPLAY_FIXTURE_MASTER_KEY } from '../harness/replay-fixture-key.js';

const HISTORIES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
// Histories recorded since payload encryption are sealed under the fixtures' key; older ones are plain.
const fixtureKeyring = staticKeyring(Buffer.from(REPLAY_FIXTURE_MASTER_KEY, 'base64'));
const codec = new ConveyorPayloadCodec(fixtureKeyring);

// Replay never calls these (they are not callDuringReplay); registered so the worker does not
// report the interpreter's read-model calls as unregistered sinks.
const sinks: InjectedSinks<ExecutionSinks> = {
  readModel: {
    step: { fn: () => undefined, callDuringReplay: false },
    log: { fn: () => undefined, callDuringReplay: false },
  },
};

describe('history replay', () => {
  const files = readdirSync(HISTORIES)
    .filter((file) => file.endsWith('.json'))
    .sort();

  it('has a recorded history for every step type and ending', async () => {
    const histories = files.map((file) => readFileSync(join(HISTORIES, file), 'utf8'));
    // The definitions travel in each run's start event, as base64 JSON payloads.
    const inputs = histories.map(startInputOf).join('\n');
    // From the registry itself: a new step type without a recorded history fails here.
    const stepTypes = [...(await loadStepTypes()).keys()];
    expect(stepTypes.length).toBeGreaterThanOrEqual(14);
    for (const type of stepTypes) {
      expect(inputs, type).toContain(`"type":"${type}"`);
    }
    for (const ending of ['COMPLETED', 'FAILED', 'CANCELED', 'CONTINUED_AS_NEW']) {
      expect(histories.join('\n'), ending).toContain(`"EVENT_TYPE_WORKFLOW_EXECUTION_${ending}"`);
    }
  });

  it('replays every recorded history without a determinism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as unknown,
    }));
    const results: string[] = [];
    const replays = Worker.runReplayHistories(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        sinks,
        replayName: 'conveyor-replay',
        dataConverter: conveyorDataConverter(fixtureKeyring),
      },
      histories,
    );
    for await (const result of replays) {
      results.push(`${result.workflowId}: ${result.error ? String(result.error) : 'ok'}`);
    }
    expect(results).toEqual(histories.map(({ workflowId }) => `${workflowId}: ok`));
  });
});

function startInputOf(historyJson: string): string {
  const history = JSON.parse(historyJson) as {
    events: { workflowExecutionStartedEventAttributes?: { input?: { payloads?: JsonPayload[] } } }[];
  };
  const payloads = history.events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return payloads
    .map((payload) => {
      const opened = codec.open({
        metadata: Object.fromEntries(
          Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
        ),
        data: Buffer.from(payload.data ?? '', 'base64'),
      });
      return Buffer.from(opened.data ?? new Uint8Array()).toString('utf8');
    })
    .join('\n');
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}
