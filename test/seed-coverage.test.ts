import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness/app.js';
import { listOperations } from './harness/openapi.js';

/**
 * The reference API descriptions the product promises to serve, read as they are: every route of a
 * section listed here must be in our OpenAPI document under the same method and path. A section
 * joins this list when its issue lands, so a route dropped later fails here.
 */
// Copies of the two reference descriptions the product was specified from, kept in the repo so
// the check runs on any clone.
const REFERENCE = fileURLToPath(new URL('../docs/reference/', import.meta.url));
const BUILT_SECTIONS: Record<string, string[]> = {
  'rpa-engine-api.md': [
    'Workflows',
    'Executions',
    'Agents',
    'Schedules',
    'Triggers',
    'Templates',
    'Bulk Operations',
    'Data Export',
    'Task Types',
    'Workflow Variables',
    'Agent Tasks',
    'Health & Metrics',
    'AI (Claude Integration)',
    'Notifications',
    'Integrations',
  ],
  'ai-agents-api.md': ['HITL APPROVALS', 'CONNECTED APPS', 'WEBHOOKS'],
};

/** Routes of a built section that belong with a section still to come, and which one. */
const LATER: Record<string, string> = {
  'GET /api/v1/export/audit-logs': 'Audit Logs',
  'GET /api/v1/export/analytics': 'Analytics',
};

/** `METHOD path` pairs of one section: table rows, inline `METHOD /path` lists and `PUT|PATCH` forms. */
function routesOf(text: string, section: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^#{2,3} /.test(line) && line.includes(section));
  if (start === -1) throw new Error(`no section ${section}`);
  const level = (lines[start] as string).match(/^#+/)?.[0].length ?? 2;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const heading = line.match(/^(#+) /);
    // The section ends at the next heading of its level, or at the closing totals.
    if ((heading && (heading[1] as string).length <= level) || line.startsWith('**Total')) break;
    body.push(line);
  }
  const found: string[] = [];
  const pattern = /(GET|POST|PUT|PATCH|DELETE)((?:\|(?:GET|POST|PUT|PATCH|DELETE))*)[\s|`]+`?(\/[^\s`|]*)/g;
  for (const match of body.join('\n').matchAll(pattern)) {
    const methods = [match[1] as string, ...(match[2] ?? '').split('|').filter(Boolean)];
    for (const method of methods) found.push(`${method} ${normalize(match[3] as string)}`);
  }
  return found;
}

/** Base `/api/v1` added (health and metrics are outside it), trailing slash and parameter names dropped. */
function normalize(path: string): string {
  const bare = path.replace(/\/+$/, '') || '/';
  const based = bare.startsWith('/api/') || bare === '/metrics' ? bare : `/api/v1${bare}`;
  return based.replace(/\{[^}]+\}/g, '{}');
}

let t: TestApp;
let served: Set<string>;
beforeAll(async () => {
  t = await createTestApp();
  served = new Set((await listOperations(t.app)).map((o) => `${o.method} ${normalize(o.path)}`));
});
afterAll(() => t?.close());

describe('the reference API descriptions', () => {
  for (const [file, sections] of Object.entries(BUILT_SECTIONS)) {
    const text = readFileSync(`${REFERENCE}${file}`, 'utf8');
    for (const section of sections) {
      it(`serves every route of ${file} § ${section}`, () => {
        const routes = routesOf(text, section);
        expect(routes.length, 'routes read from the section').toBeGreaterThan(0);
        expect(routes.filter((route) => !served.has(route) && !LATER[route])).toEqual([]);
      });
    }
  }
});
