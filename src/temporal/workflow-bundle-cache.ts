// The workflow bundle, cached by the content of everything that can change it. Building it runs
// webpack + swc over the workflow code: 8–20 s of CPU on a small machine at every worker start,
// while the sources rarely change between two starts.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Config } from '../config.js';
import { CONVEYOR_BUNDLE_OPTIONS } from './workflow-bundle.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Part of the key: bump it when what the key covers or how bundles are stored changes. */
const CACHE_FORMAT = '1';
const BUNDLE_FILE = /^workflow-bundle-[0-9a-f]+\.js$/;
const TEMP_FILE = /^\.workflow-bundle-.+\.tmp$/;
/** A temp file this old was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** What the cache says; pino's Logger fits. */
export interface BundleCacheLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface LoadWorkflowBundleOptions {
  /** Created when missing. If it cannot be written the fresh bundle is used uncached (read-only images). */
  cacheDir: string;
  logger: BundleCacheLogger;
  /** Builds on a miss: the Temporal bundler with Conveyor's options, unless a test passes a stand-in. */
  build?: () => Promise<{ code: string }>;
  /** The checkout whose sources key the bundle; tests point it at a copy. */
  rootDir?: string;
  /** How many bundles stay in the cache dir: the most recently used. */
  keep?: number;
}

export interface LoadedWorkflowBundle {
  code: string;
  key: string;
  source: 'cache' | 'built';
}

/**
 * Where the checkout's own tooling (the test suite, the fault suite, the benchmarks, the history
 * recorder) keeps its bundles, shared by all of them: keyed by the sources, so never stale.
 */
export const CHECKOUT_BUNDLE_CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'conveyor', 'bundles');

/** `CONVEYOR_BUNDLE_CACHE_DIR`, else `bundles/` under the data dir. */
export function workflowBundleCacheDir(
  config: Pick<Config, 'CONVEYOR_DATA_DIR' | 'CONVEYOR_BUNDLE_CACHE_DIR'>,
) {
  return config.CONVEYOR_BUNDLE_CACHE_DIR ?? join(config.CONVEYOR_DATA_DIR, 'bundles');
}

/** The bundle for today's sources: read from the cache, or built and stored there for the next start. */
export async function loadWorkflowBundle(options: LoadWorkflowBundleOptions): Promise<LoadedWorkflowBundle> {
  const { cacheDir, logger } = options;
  const started = performance.now();
  const key = await workflowBundleKey(options.rootDir ?? REPO_ROOT);
  const path = join(cacheDir, `workflow-bundle-${key}.js`);

  const cached = await readCachedBundle(path, logger);
  if (cached !== undefined) {
    // Pruning keeps the most recently used; a read-only cache simply never prunes.
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    logger.info({ key, path, ms: elapsedMs(started) }, 'workflow bundle loaded from the cache');
    return { code: cached, key, source: 'cache' };
  }

  const build = options.build ?? (() => buildConveyorBundle(logger));
  const { code } = await build();
  let stored = false;
  try {
    await writeAtomically(cacheDir, path, code);
    stored = true;
  } catch (error) {
    logger.warn({ err: error, cache_dir: cacheDir }, 'workflow bundle cache not writable: bundle not cached');
  }
  if (stored) await pruneCache(cacheDir, path, options.keep ?? 3, logger);
  logger.info({ key, path: stored ? path : null, ms: elapsedMs(started) }, 'workflow bundle built');
  return { code, key, source: 'built' };
}

/**
 * Everything that can change the bundle's output, hashed: every file under `src/` (all of it
 * rather than the workflows' import graph, so no import can be missed; colocated tests are left
 * out as workflows never import them), the lock file (webpack, swc and the bundled libraries), a
 * `.swcrc` (swc looks one up by default), the bundler's version, the bundle options, and where
 * the build runs: the inline source maps name modules by absolute path and webpack names them
 * relative to the working directory.
 */
export async function workflowBundleKey(rootDir: string): Promise<string> {
  const sources = await listFiles(join(rootDir, 'src'));
  const files = [
    ...sources.filter((file) => !file.endsWith('.test.ts')).map((file) => relative(rootDir, file)),
    'package-lock.json',
    '.swcrc',
  ];
  const contents = await Promise.all(
    files.map((file) => readFile(join(rootDir, file)).catch(missingAs(null))),
  );
  const hash = createHash('sha256');
  const add = (name: string, value: string | Buffer | null) =>
    hash.update(`${name}\0${value === null ? 'missing' : sha256(value)}\n`);
  add('format', CACHE_FORMAT);
  add('@temporalio/worker', temporalWorkerVersion());
  add(
    'bundle options',
    JSON.stringify(CONVEYOR_BUNDLE_OPTIONS, (_name, value) => relativePath(rootDir, value)),
  );
  add('root', rootDir);
  add('cwd', process.cwd());
  files.forEach((file, index) => {
    add(`file ${file.split(sep).join('/')}`, contents[index] ?? null);
  });
  return hash.digest('hex').slice(0, 32);
}

function buildConveyorBundle(logger: BundleCacheLogger) {
  // The bundler reports webpack's whole module list at info: that is debug output for us.
  const quiet = (message: string, meta?: object) => logger.debug({ ...meta }, message);
  const bundlerLogger: TemporalLogger = {
    log: (level, message, meta) => {
      if (level === 'ERROR') bundlerLogger.error(message, meta);
      else if (level === 'WARN') bundlerLogger.warn(message, meta);
      else quiet(message, meta);
    },
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (message, meta) => logger.warn({ ...meta }, message),
    error: (message, meta) => logger.error({ ...meta }, message),
  };
  return bundleWorkflowCode({ ...CONVEYOR_BUNDLE_OPTIONS, logger: bundlerLogger });
}

async function readCachedBundle(path: string, logger: BundleCacheLogger): Promise<string | undefined> {
  try {
    const code = await readFile(path, 'utf8');
    return code.length > 0 ? code : undefined;
  } catch (error) {
    if (!isMissing(error)) logger.warn({ err: error, path }, 'cached workflow bundle unreadable: rebuilding');
    return undefined;
  }
}

/**
 * Written under a temp name and renamed into place, so a reader sees the whole bundle or none, and
 * two processes racing the same miss each rename a complete file over the other's.
 */
async function writeAtomically(dir: string, path: string, code: string) {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.workflow-bundle-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(code);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Keeps the `keep` most recently used bundles and drops temp files of processes that died mid-write. */
async function pruneCache(dir: string, current: string, keep: number, logger: BundleCacheLogger) {
  try {
    const names = await readdir(dir);
    const entries = await Promise.all(
      names
        .filter((name) => BUNDLE_FILE.test(name) || TEMP_FILE.test(name))
        .map(async (name) => ({
          name,
          path: join(dir, name),
          stats: await stat(join(dir, name)).catch(missingAs(null)),
        })),
    );
    const bundles = entries
      .filter((entry) => BUNDLE_FILE.test(entry.name) && entry.path !== current)
      .flatMap((entry) => (entry.stats ? [{ path: entry.path, usedAt: entry.stats.mtimeMs }] : []))
      .sort((a, b) => b.usedAt - a.usedAt);
    const staleTemps = entries.filter(
      (entry) =>
        TEMP_FILE.test(entry.name) && entry.stats && Date.now() - entry.stats.mtimeMs > STALE_TEMP_MS,
    );
    const doomed = [
      ...bundles.slice(Math.max(keep - 1, 0)).map((b) => b.path),
      ...staleTemps.map((t) => t.path),
    ];
    await Promise.all(doomed.map((path) => rm(path, { force: true })));
  } catch (error) {
    logger.warn({ err: error, cache_dir: dir }, 'could not prune the workflow bundle cache');
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function temporalWorkerVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@temporalio/worker/package.json') as { version: string }).version;
}

/** Bundle options name files by absolute path; the key uses repo-relative ones. */
function relativePath(rootDir: string, value: unknown) {
  return typeof value === 'string' && isAbsolute(value)
    ? relative(rootDir, value).split(sep).join('/')
    : value;
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');
const elapsedMs = (since: number) => Math.round(performance.now() - since);
/** ENOTDIR: a cache dir that cannot exist (a file in its path) holds no bundle either. */
const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};
const missingAs =
  <T>(fallback: T) =>
  (error: unknown): T => {
    if (isMissing(error)) return fallback;
    throw error;
  };
