import { fileURLToPath } from 'node:url';
import type { BundleOptions } from '@temporalio/worker';

/** The workflow bundle's entry; bundled by the Temporal bundler (webpack + swc), never run by Node. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Libraries evaluated once per workflow thread instead of once per run. The reusable V8 context
 * gives every run its own module cache, so without this each new or re-cached run would evaluate
 * zod (the step types declare their config schemas with it), JSONata and the JSON Schema validator
 * again: tens of milliseconds of workflow-thread CPU and about a megabyte per cached run. They are
 * pure libraries: no per-run state at module scope, and what they read of the clock or randomness
 * (JSONata's $now, $random) they read at call time, from the run's own deterministic globals.
 * Our own modules are never preloaded: they create activity proxies and per-run state.
 */
export const PRELOADED_MODULES = ['zod', 'jsonata', '@cfworker/json-schema'];

/** What every bundle of Conveyor's workflows is built with: the worker's own, the tests', the benchmarks'. */
export const CONVEYOR_BUNDLE_OPTIONS = {
  workflowsPath: WORKFLOWS_PATH,
  preloadModules: PRELOADED_MODULES,
} satisfies Partial<BundleOptions>;
