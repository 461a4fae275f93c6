import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';

/**
 * Hono tries routes in the order they were registered, so `GET /workflows/{id}` registered before
 * `GET /workflows/export` would answer the export with "workflow not found". This reads the app's
 * own route table (what actually serves, not what the comments say) and fails on every fixed path
 * registered after a parameterised one of the same method that matches it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const isParameter = (segment: string) => segment.startsWith(':') || segment === '*';

/** Whether `earlier` matches every request `later` would get: segment by segment, a parameter matches anything. */
function swallows(earlier: string, later: string): boolean {
  const a = earlier.split('/');
  const b = later.split('/');
  if (a.length !== b.length || earlier === later) return false;
  return a.every((segment, index) => isParameter(segment) || segment === b[index]);
}

describe('route registration order', () => {
  it('finds the rule in its own examples', () => {
    expect(swallows('/api/v1/workflows/:id', '/api/v1/workflows/export')).toBe(true);
    expect(swallows('/api/v1/workflows/export', '/api/v1/workflows/:id')).toBe(false);
    expect(swallows('/api/v1/workflows/:id', '/api/v1/workflows/:id/publish')).toBe(false);
  });

  it('registers no fixed path after a parameterised path that swallows it', () => {
    // Middleware (`use`) entries carry method ALL and never answer on their own.
    const routes = t.app.routes.filter((route) => route.method !== 'ALL');
    const swallowed: string[] = [];
    routes.forEach((later, index) => {
      for (const earlier of routes.slice(0, index)) {
        if (earlier.method === later.method && swallows(earlier.path, later.path)) {
          swallowed.push(`${later.method} ${later.path} is registered after ${earlier.path}`);
        }
      }
    });
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.some((route) => route.path.includes('/:'))).toBe(true);
    expect(swallowed).toEqual([]);
  });
});
