// The workflow bundle cache: a start with unchanged sources reuses the stored bundle, any change
// to what the key covers rebuilds, and a cache that cannot be written never stops a worker. The
// miss path uses a stand-in for webpack (counted builds) except in the one real build at the end.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkflowBundle, workflowBundleKey } from '../../src/temporal/workflow-bundle-cache.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Logged {
  level: string;
  message: string;
  fields: object;
}

function recordingLogger() {
  const lines: Logged[] = [];
  const at = (level: string) => (fields: object, message: string) => lines.push({ level, message, fields });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('workflow bundle cache', () => {
  let scratch: string;
  let rootDir: string;
  let cacheDir: string;
  let builds: number;
  const build = async () => {
    builds += 1;
    return { code: `// bundle #${builds}\n` };
  };
  const writeSource = (path: string, content: string) => {
    const full = join(rootDir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  };
  const bundleFiles = () => readdirSync(cacheDir).filter((name) => name.startsWith('workflow-bundle-'));

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conveyor-bundle-cache-'));
    rootDir = join(scratch, 'checkout');
    cacheDir = join(scratch, 'cache');
    builds = 0;
    writeSource('src/workflows/index.ts', 'export async function dslWorkflow() {}\n');
    writeSource('src/temporal/search-attributes.ts', 'export const A = 1;\n');
    writeSource('package-lock.json', '{"lockfileVersion":3}\n');
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('serves the second load with unchanged sources from the cache without building', async () => {
    const { lines, logger } = recordingLogger();
    const first = await loadWorkflowBundle({ cacheDir, logger, build, rootDir });
    const second = await loadWorkflowBundle({ cacheDir, logger, build, rootDir });

    expect(first.source).toBe('built');
    expect(second).toEqual({ code: first.code, key: first.key, source: 'cache' });
    expect(builds).toBe(1);
    expect(bundleFiles()).toEqual([`workflow-bundle-${first.key}.js`]);
    expect(lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual([
      'workflow bundle built',
      'workflow bundle loaded from the cache',
    ]);
  });

  it('rebuilds when a source, the lock file or the file list changes, not for a test file', async () => {
    const { logger } = recordingLogger();
    const load = () => loadWorkflowBundle({ cacheDir, logger, build, rootDir });
    const original = await load();

    writeSource('src/temporal/search-attributes.ts', 'export const A = 2;\n');
    const sourceChanged = await load();
    expect(sourceChanged).toMatchObject({ source: 'built', code: '// bundle #2\n' });
    expect(sourceChanged.key).not.toBe(original.key);

    writeSource('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect(await load()).toMatchObject({ source: 'built', code: '// bundle #3\n' });

    writeSource('src/workflows/steps/new-step.ts', 'export {};\n');
    expect(await load()).toMatchObject({ source: 'built', code: '// bundle #4\n' });

    const beforeTest = await workflowBundleKey(rootDir);
    writeSource('src/workflows/steps/new-step.test.ts', 'it("x", () => {});\n');
    expect(await workflowBundleKey(rootDir)).toBe(beforeTest);
    expect(builds).toBe(4);
  });

  it('finds an earlier bundle again when the sources return to it', async () => {
    const { logger } = recordingLogger();
    const load = () => loadWorkflowBundle({ cacheDir, logger, build, rootDir });
    const original = await load();
    writeSource('src/workflows/index.ts', 'export async function dslWorkflow() { return 1; }\n');
    await load();
    writeSource('src/workflows/index.ts', 'export async function dslWorkflow() {}\n');

    expect(await load()).toEqual({ ...original, source: 'cache' });
    expect(builds).toBe(2);
  });

  it('keeps only the most recently used bundles', async () => {
    const { logger } = recordingLogger();
    const keys: string[] = [];
    for (let version = 1; version <= 5; version += 1) {
      writeSource('src/workflows/index.ts', `export const version = ${version};\n`);
      keys.push((await loadWorkflowBundle({ cacheDir, logger, build, rootDir, keep: 3 })).key);
    }
    expect(bundleFiles().sort()).toEqual(
      keys
        .slice(2)
        .map((key) => `workflow-bundle-${key}.js`)
        .sort(),
    );
  });

  it('lets two processes race the same miss: both get the bundle, one complete file remains', async () => {
    const { logger } = recordingLogger();
    const [a, b] = await Promise.all([
      loadWorkflowBundle({ cacheDir, logger, build, rootDir }),
      loadWorkflowBundle({ cacheDir, logger, build, rootDir }),
    ]);
    expect(a.key).toBe(b.key);
    expect(readdirSync(cacheDir)).toEqual([`workflow-bundle-${a.key}.js`]);
    const third = await loadWorkflowBundle({ cacheDir, logger, build, rootDir });
    expect(third.source).toBe('cache');
    expect([a.code, b.code]).toContain(third.code);
  });

  it('returns the fresh bundle with a warning when the cache dir cannot be written', async () => {
    // A path under a regular file cannot be created, even by root (chmod would not stop root).
    const blocker = join(scratch, 'not-a-directory');
    writeFileSync(blocker, '');
    const { lines, logger } = recordingLogger();

    const loaded = await loadWorkflowBundle({ cacheDir: join(blocker, 'bundles'), logger, build, rootDir });

    expect(loaded).toMatchObject({ source: 'built', code: '// bundle #1\n' });
    expect(lines.find((line) => line.level === 'warn')?.message).toBe(
      'workflow bundle cache not writable: bundle not cached',
    );
  });

  it('builds the real bundle once and reuses it', { timeout: 180_000 }, async () => {
    // Keyed on a snapshot of the sources: other engineers edit the live tree meanwhile, and an
    // edit between the two loads would rightly make the second one rebuild.
    cpSync(join(REPO_ROOT, 'src'), join(rootDir, 'src'), { recursive: true });
    cpSync(join(REPO_ROOT, 'package-lock.json'), join(rootDir, 'package-lock.json'));
    const { logger } = recordingLogger();
    const built = await loadWorkflowBundle({ cacheDir, logger, rootDir });
    const cached = await loadWorkflowBundle({ cacheDir, logger, rootDir });

    expect(built.source).toBe('built');
    // The bundler's entry point: what the worker looks for in a workflow bundle.
    expect(built.code).toContain('importWorkflows');
    expect(built.code).toContain('src/workflows/steps/registry.ts');
    expect(cached).toEqual({ ...built, source: 'cache' });
  });
});
