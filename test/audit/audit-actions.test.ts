import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_AUDIT_ACTIONS, AUDIT_ACTIONS, auditActionsOn } from '../../src/services/audit/actions.js';

const SRC = join(import.meta.dirname, '../../src');
const CATALOGUE = 'services/audit/actions.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** All of src except the catalogue itself, which names every action whether it is used or not. */
const source = sourceFiles(SRC)
  .filter((path) => relative(SRC, path) !== CATALOGUE)
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

/** The actions no source file writes as a quoted literal: dead entries in the catalogue. */
function unwritten(actions: readonly string[], text: string): string[] {
  return actions.filter((action) => !text.includes(`'${action}'`));
}

describe('audit-action catalogue', () => {
  it('has no action that no source file writes', () => {
    expect(unwritten(ALL_AUDIT_ACTIONS, source)).toEqual([]);
  });

  it('catches an entry that nothing writes', () => {
    expect(unwritten([...ALL_AUDIT_ACTIONS, 'workflow.teleport'], source)).toEqual(['workflow.teleport']);
  });

  it('names every action resource.verb and says what it means', () => {
    for (const [action, entry] of Object.entries(AUDIT_ACTIONS)) {
      expect(action, action).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(entry.meaning.length, action).toBeGreaterThan(0);
    }
  });

  it("lists a workflow's history actions from the catalogue", () => {
    expect(auditActionsOn('workflow')).toEqual(
      ALL_AUDIT_ACTIONS.filter((action) => action.startsWith('workflow.')),
    );
  });
});
