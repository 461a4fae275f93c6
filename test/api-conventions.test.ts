import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';
import { call, registerAccount } from './harness/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(() => t?.close());

describe('API conventions', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const response = await call(t.app, 'GET', '/api/v1/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'route_not_found', instance: '/api/v1/nope' });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/login', { body: '{"email": ' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_request');
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('answers an oversized body with 413', async () => {
    const response = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'a@example.com', password: 'x'.repeat(4000) },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('answers a JSON array or scalar where an object is expected with 400', async () => {
    for (const body of ['[]', '42', 'null']) {
      const response = await call(t.app, 'POST', '/api/v1/auth/login', { body });
      expect(response.status, body).toBe(400);
    }
  });

  it('puts a request id on every response, error or not', async () => {
    for (const path of ['/api/health/', '/api/v1/nope', '/api/v1/auth/me']) {
      const response = await call(t.app, 'GET', path);
      expect(response.headers.get('x-request-id'), path).toMatch(/\S+/);
    }
    const problem = await call(t.app, 'GET', '/api/v1/auth/me');
    expect(problem.body.request_id).toBe(problem.headers.get('x-request-id'));
  });

  it('serves the OpenAPI 3.1 description, Swagger UI and ReDoc with local assets', async () => {
    const spec = await call<{ openapi: string; components: { securitySchemes: Record<string, unknown> } }>(
      t.app,
      'GET',
      '/openapi.json',
    );
    expect(spec.body.openapi).toBe('3.1.0');
    expect(spec.body.components.securitySchemes.bearerAuth).toBeDefined();
    for (const page of ['/docs', '/redoc']) {
      const html = await t.app.request(page);
      expect(html.status).toBe(200);
      const text = await html.text();
      expect(text).not.toMatch(/https?:\/\/(?!localhost)/);
      for (const [, src] of text.matchAll(/(?:src|href)="([^"]+)"/g)) {
        const asset = await t.app.request(src as string);
        expect(asset.status, src).toBe(200);
        expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(100);
      }
    }
  });

  it('counts requests by route template, not raw path, in /metrics', async () => {
    const account = await registerAccount(t.app, 'metrics');
    await call(t.app, 'GET', '/api/v1/system/ping/png_A', { token: account.token });
    await call(t.app, 'GET', '/api/v1/system/ping/png_B', { token: account.token });
    const metrics = await t.app.request('/metrics');
    const text = await metrics.text();
    expect(text).toContain(
      'conveyor_http_requests_total{method="GET",route="/api/v1/system/ping/:id",status="404"} 2',
    );
    expect(text).toContain('conveyor_http_request_duration_seconds_bucket');
    expect(text).toContain('conveyor_api_process_cpu_user_seconds_total');
    expect(text).not.toContain('png_A');
  });
});

describe('health', () => {
  it('reports name and version, and 200 health when the database and Temporal answer', async () => {
    // Both spellings answer: the references write some paths with a trailing slash, some without.
    for (const path of ['/api/health/', '/api/health']) {
      expect((await call(t.app, 'GET', path)).body, path).toEqual({ name: 'Conveyor', version: 'test' });
    }
    const health = await call(t.app, 'GET', '/api/health/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', failing: [] });
  });

  it('reports Temporal namespace, pollers on the task queue and database latency in status', async () => {
    const before = await call<{ temporal: { workflow_pollers: number; reachable: boolean } }>(
      t.app,
      'GET',
      '/api/health/status',
    );
    expect(before.body.temporal.reachable).toBe(true);
    expect(before.body.temporal.workflow_pollers).toBe(0);
    await t.startWorker();
    let pollers = 0;
    for (let i = 0; i < 50 && pollers === 0; i++) {
      const status = await call<{ temporal: { workflow_pollers: number } }>(
        t.app,
        'GET',
        '/api/health/status',
      );
      pollers = status.body.temporal.workflow_pollers;
      if (pollers === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pollers).toBeGreaterThan(0);
  });
});

describe('health when a dependency is down', () => {
  it('answers 503 naming the database when it does not answer', async () => {
    const broken = await createTestApp();
    try {
      await broken.testDatabase.database.close();
      const health = await call<{ failing: string[] }>(broken.app, 'GET', '/api/health/health');
      expect(health.status).toBe(503);
      expect(health.body.failing).toEqual(['database']);
    } finally {
      await broken.deps.temporal.close();
    }
  });

  it('answers 503 naming Temporal when it does not answer', async () => {
    const broken = await createTestApp();
    try {
      await broken.deps.temporal.connection.close();
      const health = await call<{ failing: string[] }>(broken.app, 'GET', '/api/health/health');
      expect(health.status).toBe(503);
      expect(health.body.failing).toEqual(['temporal']);
    } finally {
      await broken.testDatabase.drop();
    }
  });
});
