import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/services/templates/catalog.js';
import { validateDefinition } from '../../src/services/workflows/validate-definition.js';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import type { WorkflowBody } from './api.js';

let t: TestApp;
let account: Account;
beforeAll(async () => {
  t = await createTestApp();
  account = await registerAccount(t.app, 'wf-templates');
});
afterAll(() => t?.close());

interface TemplateBody {
  id: string;
  name: string;
  category: string;
  tags: string[];
  definition: Record<string, unknown>;
}

describe('template catalogue', () => {
  it('holds at least six templates across categories, every definition valid', async () => {
    const templates = loadTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(6);
    expect(new Set(templates.map((t) => t.category)).size).toBeGreaterThanOrEqual(4);
    for (const template of templates) {
      const checked = await validateDefinition(template.definition);
      expect(checked.ok ? [] : checked.errors, template.id).toEqual([]);
    }
  });

  it('lists, filters, counts categories and shows one template', async () => {
    const all = await call<{ items: TemplateBody[]; total: number }>(
      t.app,
      'GET',
      '/api/v1/templates?page_size=100',
      {
        token: account.token,
      },
    );
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(loadTemplates().length);

    const monitoring = await call<{ items: TemplateBody[]; total: number }>(
      t.app,
      'GET',
      '/api/v1/templates?category=monitoring',
      { token: account.token },
    );
    expect(monitoring.body.items.length).toBeGreaterThan(0);
    expect(monitoring.body.items.every((i) => i.category === 'monitoring')).toBe(true);

    const search = await call<{ items: TemplateBody[] }>(t.app, 'GET', '/api/v1/templates?q=FALLBACK', {
      token: account.token,
    });
    expect(search.body.items.map((i) => i.id)).toContain('retry-flaky-endpoint-with-fallback');

    const paged = await call<{ items: TemplateBody[]; total: number }>(
      t.app,
      'GET',
      '/api/v1/templates?page=2&page_size=2',
      { token: account.token },
    );
    expect(paged.body.items.map((i) => i.id)).toEqual(all.body.items.slice(2, 4).map((i) => i.id));

    const categories = await call<{ items: { name: string; count: number }[] }>(
      t.app,
      'GET',
      '/api/v1/templates/categories',
      { token: account.token },
    );
    expect(categories.status).toBe(200);
    expect(categories.body.items.reduce((sum, c) => sum + c.count, 0)).toBe(all.body.total);
    expect(categories.body.items.find((c) => c.name === 'monitoring')?.count).toBe(monitoring.body.total);

    const one = await call<TemplateBody>(t.app, 'GET', '/api/v1/templates/daily-report-digest', {
      token: account.token,
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'daily-report-digest', category: 'reporting' });
    const missing = await call(t.app, 'GET', '/api/v1/templates/no-such-template', { token: account.token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('instantiates a template as a draft whose audit entry names the template', async () => {
    const created = await call<WorkflowBody>(
      t.app,
      'POST',
      '/api/v1/templates/http-health-check-with-alert/instantiate',
      { token: account.token, body: { name: 'Shop uptime' } },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Shop uptime',
      status: 'draft',
      tags: ['http', 'uptime', 'alerting'],
    });
    const history = await call<{ items: { action: string; details: Record<string, unknown> }[] }>(
      t.app,
      'GET',
      `/api/v1/workflows/${created.body.id}/history`,
      { token: account.token },
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'workflow.create',
        details: expect.objectContaining({ template_id: 'http-health-check-with-alert' }),
      }),
    ]);
    const defaultName = await call<WorkflowBody>(
      t.app,
      'POST',
      '/api/v1/templates/daily-report-digest/instantiate',
      {
        token: account.token,
      },
    );
    expect(defaultName.body.name).toBe('Daily report digest');
    const missing = await call(t.app, 'POST', '/api/v1/templates/nope/instantiate', { token: account.token });
    expect(missing.status).toBe(404);
  });
});
