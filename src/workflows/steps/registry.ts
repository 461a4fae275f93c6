import type { StepType } from './step-type.js';

/**
 * The workflow bundle's step registry. `require.context` is resolved by webpack (the Temporal
 * bundler) at bundle time: every module in `types/` is included, so adding a step type is adding
 * one file. The API side discovers the same folder with `readdir` (services/workflows/step-types.ts).
 */
declare const require: {
  context(
    directory: string,
    recursive: boolean,
    pattern: RegExp,
  ): { keys(): string[]; (key: string): { default: StepType<unknown> } };
};

const modules = require.context('./types', false, /^\.\/[a-z0-9_-]+\.ts$/);
const registry = new Map<string, StepType<unknown>>();
for (const key of modules.keys()) {
  const stepType = modules(key).default;
  registry.set(stepType.type, stepType);
}

export function stepTypeOf(type: string): StepType<unknown> | undefined {
  return registry.get(type);
}
