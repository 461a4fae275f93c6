import { hostname } from 'node:os';

export interface PingActivities {
  pong(message: string): Promise<{ message: string; answered_by: string; answered_at: string }>;
}

export function createPingActivities(): PingActivities {
  return {
    async pong(message) {
      return { message, answered_by: `${hostname()}:${process.pid}`, answered_at: new Date().toISOString() };
    },
  };
}
