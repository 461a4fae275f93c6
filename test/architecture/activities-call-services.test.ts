import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Activities are thin adapters over services (docs: STYLE.md, "activities never write SQL of their
// own"): a query written in an activity is one no route, test or other activity can reuse, and one
// the tenancy checks on services never see.

const ACTIVITIES = fileURLToPath(new URL('../../src/activities', import.meta.url));

/** What in one activity file's source breaks the rule, each named for the report. */
function sqlInActivity(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) {
      found.push(`imports ${specifier}`);
    }
    if (/(^|\/)db\/schema(\/|\.js$|$)/.test(specifier)) found.push(`imports ${specifier}`);
  }
  for (const match of source.matchAll(/\b(?:db|tx)\s*\.\s*(select|insert|update|delete|transaction)\s*\(/g)) {
    found.push(`calls db.${match[1]}()`);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('activities call services', () => {
  const files = sourceFiles(ACTIVITIES);

  it('finds the activity files', () => {
    expect(files.map((file) => relative(ACTIVITIES, file))).toEqual(
      expect.arrayContaining(['index.ts', 'schedules.ts', 'sub-workflow.ts']),
    );
  });

  it.each(files.map((file) => [relative(ACTIVITIES, file), file]))(
    'src/activities/%s builds no SQL of its own',
    (_name, file) => {
      expect(sqlInActivity(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it('recognises a query written in an activity', () => {
    const source = [
      "import { eq } from 'drizzle-orm';",
      "import type { PgColumn } from 'drizzle-orm/pg-core';",
      "import { executions } from '../db/schema/index.js';",
      "import { workflows } from '../db/schema/workflows.js';",
      'await deps.db.select().from(executions).where(eq(executions.id, id));',
      'await tx.insert(executions).values(row);',
      'await deps.db.transaction(async (tx) => tx.delete(executions));',
    ].join('\n');
    expect(sqlInActivity(source)).toEqual([
      'imports drizzle-orm',
      'imports drizzle-orm/pg-core',
      'imports ../db/schema/index.js',
      'imports ../db/schema/workflows.js',
      'calls db.select()',
      'calls db.insert()',
      'calls db.transaction()',
      'calls db.delete()',
    ]);
  });

  it('leaves calls of services alone', () => {
    const source = [
      "import type { Db } from '../db/client.js';",
      "import { recordExecution } from '../services/executions/record-execution.js';",
      'await recordExecution({ db: deps.db, ...systemActor(orgId) }, request);',
      'await findRunStarter(deps.db, request);',
    ].join('\n');
    expect(sqlInActivity(source)).toEqual([]);
  });
});
