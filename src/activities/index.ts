import { createPingActivities } from './ping.js';

/** Every activity the worker registers, built from its dependencies. */
export function createActivities() {
  return { ...createPingActivities() };
}

export type Activities = ReturnType<typeof createActivities>;
