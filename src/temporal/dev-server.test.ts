import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTemporalCli } from './cli-path.js';
import { loadTemporalDevConfig } from './dev-config.js';
import { buildDevServerArgs, type DevServer, startDevServer } from './dev-server.js';
import { ensureNamespaceReady, parseGoDuration } from './namespace-setup.js';
import { conveyorSearchAttributes } from './search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const config = loadTemporalDevConfig();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('temporal-dev.yml', () => {
  it('names the file and the field when the config is invalid', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conveyor-')), 'temporal-dev.yml');
    const text = readFileSync(new URL('../../temporal-dev.yml', import.meta.url), 'utf8');
    writeFileSync(
      file,
      text.replace('frontend: 7233', 'frontend: seven').replace('retention: 720h', 'retention: 30d'),
    );
    expect(() => loadTemporalDevConfig(file)).toThrow(file);
    expect(() => loadTemporalDevConfig(file)).toThrow(
      /ports\.frontend: .*\n {2}retention: must be a positive Go duration/,
    );
  });

  it('passes dynamic config as JSON and SQLite pragmas only with a database file', () => {
    const withString = { ...config, dynamic_config: { 'a.flag': true, 'a.name': 'x y' } };
    const inMemory = buildDevServerArgs(withString, {
      ports: config.ports,
      headless: true,
      dbFile: undefined,
    });
    expect(inMemory).toEqual(
      expect.arrayContaining(['--dynamic-config-value', 'a.flag=true', 'a.name="x y"']),
    );
    expect(inMemory).not.toContain('--sqlite-pragma');
    const onDisk = buildDevServerArgs(config, {
      ports: config.ports,
      headless: false,
      dbFile: '/d/t.sqlite',
    });
    expect(onDisk).toEqual(
      expect.arrayContaining(['--db-filename', '/d/t.sqlite', '--sqlite-pragma', 'journal_mode=wal']),
    );
    expect(onDisk).toEqual(expect.arrayContaining(['--ui-port', '8233']));
  });

  it("points the Web UI's codec at the API's codec endpoints, only when the UI runs", () => {
    expect(config.codec_endpoint).toBe('http://127.0.0.1:3000/api/v1/codec');
    const withUi = buildDevServerArgs(config, { ports: config.ports, headless: false, dbFile: undefined });
    expect(withUi).toEqual(
      expect.arrayContaining(['--ui-codec-endpoint', 'http://127.0.0.1:3000/api/v1/codec']),
    );
    const headless = buildDevServerArgs(config, { ports: config.ports, headless: true, dbFile: undefined });
    expect(headless).not.toContain('--ui-codec-endpoint');
  });
});

describe('Temporal dev server', () => {
  let server: DevServer;
  let connection: Connection;

  beforeAll(async () => {
    const cliPath = await resolveTemporalCli();
    const started = performance.now();
    server = await startDevServer({ cliPath, config, ephemeral: true, headless: true });
    console.info(`dev server ready in ${Math.round(performance.now() - started)} ms at ${server.address}`);
    connection = await Connection.connect({ address: server.address });
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('keeps temporal-dev.yml and the search attribute keys in step', () => {
    const fromKeys = Object.fromEntries(
      conveyorSearchAttributes.map((key) => [key.name, TypedSearchAttributes.toMetadataType(key.type)]),
    );
    expect(config.search_attributes).toEqual(fromKeys);
  });

  it('registers the Conveyor search attributes as Keyword', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: server.namespace,
    });
    for (const key of conveyorSearchAttributes) {
      expect(customAttributes?.[key.name], key.name).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
  });

  it('raises the namespace retention above the dev server default of 24h', async () => {
    const { config: nsConfig } = await connection.workflowService.describeNamespace({
      namespace: server.namespace,
    });
    expect(tsToMs(nsConfig?.workflowExecutionRetentionTtl)).toBe(parseGoDuration(config.retention));
    expect(parseGoDuration(config.retention)).toBeGreaterThan(24 * 3_600_000);
  });

  it('changes nothing when the namespace is already set up', async () => {
    const result = await ensureNamespaceReady(connection, {
      namespace: server.namespace,
      searchAttributes: config.search_attributes,
      retention: config.retention,
    });
    expect(result).toEqual({ addedSearchAttributes: [] });
  });

  it('tolerates several processes adding the same missing attribute at once', async () => {
    const setup = { namespace: server.namespace, searchAttributes: { ConveyorProbe: 'Int' as const } };
    await Promise.all([1, 2, 3].map(() => ensureNamespaceReady(connection, setup)));
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: server.namespace,
    });
    expect(customAttributes?.ConveyorProbe).toBe(IndexedValueType.INDEXED_VALUE_TYPE_INT);
  });

  it('refuses an attribute that is registered with another type', async () => {
    await expect(
      ensureNamespaceReady(connection, {
        namespace: server.namespace,
        searchAttributes: { ConveyorOrgId: 'Text' },
      }),
    ).rejects.toThrow(
      'Search attribute ConveyorOrgId is registered in namespace default as Keyword, but the app needs Text',
    );
  });

  it('refuses more Keyword attributes than SQL visibility holds, before calling the server', async () => {
    const tooMany = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`Extra${i}`, 'Keyword' as const]),
    );
    await expect(
      ensureNamespaceReady(connection, { namespace: server.namespace, searchAttributes: tooMany }),
    ).rejects.toThrow(/11 Keyword search attributes .* at most 10/);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: server.namespace,
    });
    expect(Object.keys(customAttributes ?? {})).not.toContain('Extra0');
  });

  it('refuses to start a second server on a port that is taken', async () => {
    const cliPath = await resolveTemporalCli();
    const port = Number(server.address.split(':').at(-1));
    await expect(
      startDevServer({ cliPath, config, ephemeral: true, headless: true, ports: { frontend: port } }),
    ).rejects.toThrow(new RegExp(`frontend port 127.0.0.1:${port} is unavailable.*TEMPORAL_ADDRESS`));
  });

  it('stops the server process', async () => {
    const { pid } = server;
    expect(isRunning(pid)).toBe(true);
    await connection.close();
    await server.stop();
    expect(isRunning(pid)).toBe(false);
  });
});
