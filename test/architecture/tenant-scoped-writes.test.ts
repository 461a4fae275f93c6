import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getTableColumns, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema/index.js';
import { scanTenancy } from './find-unscoped-writes.js';

const ROOT = join(import.meta.dirname, '../..');

/** Read from the schema itself, so a new tenant table is covered the day it is added. */
const ORG_TABLES: ReadonlySet<string> = new Set(
  Object.entries(schema)
    .filter(([, value]) => is(value, PgTable) && 'orgId' in getTableColumns(value))
    .map(([name]) => name),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function scanSrc() {
  return sourceFiles(join(ROOT, 'src')).map((path) =>
    scanTenancy(relative(ROOT, path), readFileSync(path, 'utf8'), ORG_TABLES),
  );
}

describe('tenant-scoped writes', () => {
  it('knows the tenant tables from the schema', () => {
    expect(ORG_TABLES).toContain('workflows');
    expect(ORG_TABLES).toContain('agentTasks');
    expect(ORG_TABLES).not.toContain('organizations');
    expect(ORG_TABLES).not.toContain('rateLimitBuckets');
  });

  it('holds every update and delete on a tenant table in src to one organization', () => {
    const unscoped = scanSrc().flatMap((scan) => scan.unscoped);
    const report = unscoped.map((w) => `${w.file}:${w.line} ${w.kind}(${w.table}): ${w.problem}`);
    expect(
      report,
      'scope it with inOrg/updateInOrg/softDeleteInOrg, or mark it cross-tenant with a reason',
    ).toEqual([]);
  });

  it('finds the writes it checks, so the scan above cannot pass by seeing nothing', () => {
    const scans = scanSrc();
    // About 45 writes on tenant tables today; far fewer means the scan lost sight of them.
    expect(scans.reduce((sum, scan) => sum + scan.checked, 0)).toBeGreaterThan(30);
    expect(scans.flatMap((scan) => scan.markers).length).toBeGreaterThan(0);
    const sample = 'import { agents } from "../db/schema/index.js";\nawait db.update(agents).set({});';
    expect(scanTenancy('sample.ts', sample, ORG_TABLES).unscoped).toHaveLength(1);
  });
});

describe('the scoped-write check itself', () => {
  const tables = new Set(['agents', 'triggers']);
  const imports =
    "import { and, eq } from 'drizzle-orm';\nimport { agents, triggers } from '../../db/schema/index.js';\n";
  const problems = (body: string) =>
    scanTenancy('probe.ts', imports + body, tables).unscoped.map(
      (w) => `${w.line} ${w.kind}(${w.table}) ${w.problem}`,
    );

  it('catches an update filtered by id alone, naming the file and line', () => {
    const scan = scanTenancy(
      'probe.ts',
      `${imports}await tx\n  .update(agents)\n  .set({ name })\n  .where(eq(agents.id, id));`,
      tables,
    );
    expect(scan.unscoped).toEqual([
      {
        file: 'probe.ts',
        line: 4,
        kind: 'update',
        table: 'agents',
        problem: '.where(...) is not inOrg(agents, …)',
      },
    ]);
  });

  it('catches a delete without any where', () => {
    expect(problems('await db.delete(triggers);')).toEqual([
      '3 delete(triggers) no .where(...): it would change every organization',
    ]);
  });

  it('catches an org filter on another table or one that or() widens', () => {
    expect(
      problems('await db.update(agents).set({}).where(inOrg(triggers, orgId, eq(agents.id, id)));'),
    ).toHaveLength(1);
    expect(
      problems('await db.delete(agents).where(or(inOrg(agents, orgId), eq(agents.id, id)));'),
    ).toHaveLength(1);
  });

  it('catches a hand-written org_id equality: only inOrg counts', () => {
    expect(
      problems('await db.delete(agents).where(and(eq(agents.orgId, orgId), eq(agents.id, id)));'),
    ).toHaveLength(1);
  });

  it('catches a table imported under another name and through a namespace', () => {
    const aliased =
      "import { agents as a } from '../db/schema/agents.js';\nawait db.delete(a).where(eq(a.id, id));";
    const namespaced =
      "import * as s from '../db/schema/index.js';\nawait db.delete(s.agents).where(eq(s.agents.id, id));";
    expect(scanTenancy('a.ts', aliased, tables).unscoped).toHaveLength(1);
    expect(scanTenancy('n.ts', namespaced, tables).unscoped).toHaveLength(1);
  });

  it('accepts inOrg directly, inside and(), through a const, and after .with() or inside $with()', () => {
    expect(
      problems(
        [
          'await db.update(agents).set({}).where(inOrg(agents, orgId, eq(agents.id, id)));',
          'await db.delete(agents).where(and(inOrg(agents, orgId, eq(agents.id, id)), eq(agents.kind, k)));',
          'const mine = inOrg(triggers, orgId, eq(triggers.id, id));',
          'await db.with(cte).update(triggers).set({}).where(mine).returning();',
          "const c = db.$with('c').as(db.update(agents).set({}).where(inOrg(agents, orgId)).returning());",
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('accepts a marked cross-tenant write and reports the reason, but not a marker without one', () => {
    const marked = scanTenancy(
      'm.ts',
      `${imports}// tenancy: cross-tenant — sweeps every organization's expired rows\nawait db.delete(agents).where(eq(agents.kind, k));`,
      tables,
    );
    expect(marked.unscoped).toEqual([]);
    expect(marked.markers).toEqual([
      { file: 'm.ts', line: 4, reason: "sweeps every organization's expired rows" },
    ]);
    expect(problems('// tenancy: cross-tenant\nawait db.delete(agents).where(eq(agents.kind, k));')).toEqual([
      '4 delete(agents) cross-tenant marker without a reason',
    ]);
  });

  it('ignores update and delete on things that are not tenant tables', () => {
    expect(problems('hash.update(token);\nseen.delete(agents.id);\nawait db.delete(permissions);')).toEqual(
      [],
    );
  });
});
