import type { App } from '../../src/api/env.js';
import { call } from './http.js';

/**
 * How to create, in a given organization, the resource an id route addresses. Every operation with
 * a path parameter names its resource (`x-resource`); the tenancy probe fails for a resource with no
 * fixture here, so new routes join the probe as soon as they are written.
 */
export interface ResourceFixture {
  /** Creates the resource as `token`'s organization and returns the path parameter values. */
  create(app: App, token: string): Promise<Record<string, string>>;
  /** Valid bodies per operationId, so validation never answers before the ownership check. */
  bodies?: Record<string, unknown>;
}

export const RESOURCE_FIXTURES: Record<string, ResourceFixture> = {
  ping: {
    async create(app, token) {
      const started = await call<{ id: string }>(app, 'POST', '/api/v1/system/ping', {
        token,
        body: { message: 'probe', wait_seconds: 0 },
      });
      if (started.status !== 202 && started.status !== 200)
        throw new Error(`ping fixture: ${started.status}`);
      return { id: started.body.id };
    },
  },
};
