import { isUnsafeText } from '../../../lib/storable-text.js';

export type UnsafeFinding = { kind: 'text'; path: string } | { kind: 'depth'; path: string };

/** Nesting a JSON body may have: deeper than any definition, shallow enough for recursive code. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first unsafe string (value or key) in a parsed JSON value, or a nesting deeper than
 * MAX_JSON_DEPTH, with its path (`body.steps[2].name`). Iterative, so a hostile nesting cannot
 * exhaust the stack here.
 */
export function findUnsafeJson(root: unknown, rootPath: string): UnsafeFinding | null {
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop() as (typeof pending)[number];
    if (typeof value === 'string') {
      if (isUnsafeText(value)) return { kind: 'text', path };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { kind: 'depth', path };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: value[index], path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] as [string, unknown];
      const childPath = `${path}.${key}`;
      if (isUnsafeText(key)) return { kind: 'text', path: childPath };
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
