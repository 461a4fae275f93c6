// The load generator as its own process (spawned by runLoadProcess). On this 2-core machine the
// stack's one Node thread (API + worker + PGlite) is the bottleneck; a generator in the same
// process would take event-loop turns from it (signing, HTTP client, awaiting results), so it runs
// here and competes only for the second core, like a real client on another machine would.
import { createHmac, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { staticKeyring } from '../../src/lib/keys/keyring.js';
import { conveyorDataConverter } from '../../src/temporal/data-converter.js';
import { type LoadOptions, type LoadResult, runClosedLoop } from './load.js';

/** A load's result with the generator's own CPU time: a client on this machine competes for its cores. */
export interface ProcessLoadResult extends LoadResult {
  clientCpuMs: number;
}

export type LoadTarget =
  /** A signed Standard Webhooks delivery, then the run's result from Temporal. */
  | { kind: 'webhook'; apiUrl: string; path: string; secret: string; temporal: TemporalTarget }
  /** The raw client starting and awaiting the baseline workflow. */
  | { kind: 'raw-run'; url: string; temporal: TemporalTarget & { taskQueue: string } }
  /** POST /workflows/{id}/execute, answered once the run is started. */
  | { kind: 'execute'; apiUrl: string; token: string; workflowId: string }
  /** One authenticated GET, answered 200 (list latency). */
  | { kind: 'get'; url: string; token: string }
  /** The raw client.workflow.start of the same workflow type and input the API starts. */
  | {
      kind: 'raw-start';
      workflowType: string;
      args: unknown[];
      /** Keyword search attributes, as the API sets them on every run. */
      keywords: Record<string, string>;
      /** The API's start also carries a static summary. */
      staticSummary: string;
      temporal: TemporalTarget & { taskQueue: string };
    };

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** The stack's master key (version 1): the client then reads Conveyor runs' encrypted results. */
  masterKeyBase64?: string;
}

export interface LoadSpec {
  target: LoadTarget;
  load: LoadOptions;
}

async function main() {
  const spec = JSON.parse(process.env.LOAD_SPEC ?? '') as LoadSpec;
  const { operation, close } = await prepare(spec.target);
  const cpuBefore = process.cpuUsage();
  const loadResult = await runClosedLoop(spec.load, operation);
  const cpu = process.cpuUsage(cpuBefore);
  const result: ProcessLoadResult = { ...loadResult, clientCpuMs: (cpu.user + cpu.system) / 1000 };
  await close();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

async function prepare(
  target: LoadTarget,
): Promise<{ operation: () => Promise<void>; close: () => Promise<void> }> {
  if (target.kind === 'get') {
    const headers = { authorization: `Bearer ${target.token}` };
    return {
      operation: async () => {
        const response = await fetch(target.url, { headers });
        await expectStatus(response, 200);
        await response.arrayBuffer();
      },
      close: async () => {},
    };
  }
  if (target.kind === 'execute') {
    const url = `${target.apiUrl}/api/v1/workflows/${target.workflowId}/execute`;
    const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
    return {
      operation: async () => {
        const response = await fetch(url, { method: 'POST', headers, body: '{"input":{}}' });
        await expectStatus(response, 201, 202);
      },
      close: async () => {},
    };
  }
  const connection = await Connection.connect({ address: target.temporal.address });
  const { masterKeyBase64 } = target.temporal;
  // The raw baselines' own runs stay unencrypted, as the raw SDK's defaults leave them.
  const dataConverter = masterKeyBase64
    ? conveyorDataConverter(staticKeyring(Buffer.from(masterKeyBase64, 'base64')))
    : undefined;
  const client = new Client({ connection, namespace: target.temporal.namespace, dataConverter });
  const close = () => connection.close();
  if (target.kind === 'webhook') {
    const key = Buffer.from(target.secret.replace(/^whsec_/, ''), 'base64');
    const url = `${target.apiUrl}${target.path}`;
    return {
      operation: async () => {
        const body = JSON.stringify({ order: randomUUID() });
        const id = `msg_${randomUUID()}`;
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': timestamp,
            'webhook-signature': `v1,${signature}`,
          },
          body,
        });
        await expectStatus(response, 202);
        const { execution_id } = (await response.json()) as { execution_id: string };
        // One long poll for the close event, as the raw side's execute() does: symmetric and cheap.
        await client.workflow.getHandle(execution_id).result();
      },
      close,
    };
  }
  if (target.kind === 'raw-run') {
    const { taskQueue } = target.temporal;
    return {
      operation: async () => {
        await client.workflow.execute('rawOneActivity', {
          taskQueue,
          workflowId: `raw-${randomUUID()}`,
          args: [target.url],
        });
      },
      close,
    };
  }
  const { taskQueue } = target.temporal;
  const typedSearchAttributes = Object.entries(target.keywords).map(([name, value]) => ({
    key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD),
    value,
  }));
  return {
    operation: async () => {
      await client.workflow.start(target.workflowType, {
        taskQueue,
        workflowId: `raw-${randomUUID()}`,
        args: target.args,
        typedSearchAttributes,
        staticSummary: target.staticSummary,
      });
    },
    close,
  };
}

async function expectStatus(response: Response, ...expected: number[]) {
  if (expected.includes(response.status)) return;
  throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
