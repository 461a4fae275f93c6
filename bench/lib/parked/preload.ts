// The modules this benchmark proposes to preload into the worker's reusable V8 context
// (bundleWorkflowCode's `preloadModules`): pure code with no per-run state, evaluated once per
// workflow thread instead of once per cached run. Without it every cached run holds its own copy
// of zod, JSONata and every step type's zod schemas (~1.6 MiB a run measured here).
import { fileURLToPath } from 'node:url';

const workflowModule = (path: string) =>
  fileURLToPath(new URL(`../../../src/workflows/${path}`, import.meta.url));

export const PROPOSED_PRELOAD_MODULES = [
  'zod',
  'jsonata',
  '@cfworker/json-schema',
  workflowModule('steps/registry.ts'),
  workflowModule('definition/schema.ts'),
  workflowModule('expressions/evaluate.ts'),
];
