import { fileURLToPath } from 'node:url';
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './data-converter.js';

const workflowModule = (path: string) => fileURLToPath(new URL(`../workflows/${path}`, import.meta.url));

/** The workflow bundle's entry; bundled by the Temporal bundler (webpack + swc), never run by Node. */
export const WORKFLOWS_PATH = workflowModule('index.ts');

/**
 * Modules evaluated once per workflow thread instead of once per run. The reusable V8 context
 * gives every run its own module cache, so without this each new or re-cached run would evaluate
 * zod, JSONata, the JSON Schema validator and every step type's config schema again: tens of
 * milliseconds of workflow-thread CPU for each run's first task and about 2.4 MiB per cached run
 * (bench/parked-runs.ts). A module may be listed only if it keeps no per-run state at module scope:
 * - the libraries read the clock and randomness ($now, $random) at call time, from the run's own
 *   deterministic globals;
 * - the step registry (and through it every step type and the interpreter) holds immutable tables
 *   and activity proxies, which look up the calling run's activator when they are called, never
 *   when they are created;
 * - the expression evaluator's cache of compiled JSONata is shared by every run of the thread,
 *   which is safe because a compiled expression evaluates each call in a fresh frame, and runs one
 *   evaluation at a time (its step counter is reset when one starts; see expressions/evaluate.ts);
 * - re2js, the regular-expression engine of user expressions, holds no state between matches.
 * The workflow entry points themselves (`index.ts` and the workflow functions) stay per run.
 */
export const PRELOADED_MODULES = [
  'zod',
  'jsonata',
  're2js',
  '@cfworker/json-schema',
  workflowModule('steps/registry.ts'),
  workflowModule('definition/schema.ts'),
  workflowModule('expressions/evaluate.ts'),
];

/** What every bundle of Conveyor's workflows is built with: the worker's own, the tests', the benchmarks'. */
export const CONVEYOR_BUNDLE_OPTIONS = {
  workflowsPath: WORKFLOWS_PATH,
  preloadModules: PRELOADED_MODULES,
  // The workflow side's failures must be converted as the Clients and Workers convert them.
  failureConverterPath: FAILURE_CONVERTER_PATH,
} satisfies Partial<BundleOptions>;
