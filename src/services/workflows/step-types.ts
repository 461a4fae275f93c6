import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StepType } from '../../workflows/steps/step-type.js';

const TYPES_DIR = new URL('../../workflows/steps/types/', import.meta.url);

let loaded: Promise<Map<string, StepType<unknown>>> | undefined;

/**
 * The API side's view of the step registry: the same modules the workflow bundle gathers with
 * `require.context`, found here by reading the folder, so a new step type is one new file.
 */
export function loadStepTypes(): Promise<Map<string, StepType<unknown>>> {
  loaded ??= (async () => {
    const files = readdirSync(fileURLToPath(TYPES_DIR))
      .filter((f) => /^[a-z0-9_-]+\.ts$/.test(f))
      .sort();
    const registry = new Map<string, StepType<unknown>>();
    for (const file of files) {
      const module = (await import(new URL(file.replace(/\.ts$/, '.js'), TYPES_DIR).href)) as {
        default: StepType<unknown>;
      };
      registry.set(module.default.type, module.default);
    }
    return registry;
  })();
  return loaded;
}
