import type { Database } from '../../db/client.js';
import type { LiveEvent } from './publish.js';
import { subscribeEvents, type Unsubscribe } from './subscribe.js';

/** Live events for a service that follows one (a streaming /ai/ask waits for its run's text). */
export interface LiveEventSource {
  /** Calls `onEvent` for every event any process publishes, from now until the returned function is called. */
  subscribe(onEvent: (event: LiveEvent) => void): Promise<Unsubscribe>;
}

/**
 * One process's listeners over one database subscription: opened with the first listener, closed
 * with the last, so an idle API holds no extra connection and a hundred streams hold one.
 */
export function liveEventHub(database: Database, url: string | undefined): LiveEventSource {
  const listeners = new Set<(event: LiveEvent) => void>();
  let subscription: Promise<Unsubscribe> | undefined;
  const deliver = (event: LiveEvent) => {
    for (const listener of listeners) listener(event);
  };
  return {
    async subscribe(onEvent) {
      listeners.add(onEvent);
      subscription ??= subscribeEvents(database, url, deliver);
      const current = subscription;
      try {
        await current;
      } catch (error) {
        listeners.delete(onEvent);
        if (subscription === current) subscription = undefined;
        throw error;
      }
      return async () => {
        listeners.delete(onEvent);
        if (listeners.size > 0 || subscription !== current) return;
        subscription = undefined;
        await (await current)();
      };
    },
  };
}

/** For processes that publish only (workers): no service there follows events. */
export const noLiveEvents: LiveEventSource = {
  subscribe: () => Promise.reject(new Error('This process does not follow live events')),
};
