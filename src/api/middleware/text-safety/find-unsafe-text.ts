/**
 * Text PostgreSQL cannot store, or that is not text at all: a NUL character (refused in `text` and
 * `jsonb`) or a UTF-16 surrogate without its pair (no UTF-8 encoding exists for it). Either one,
 * reaching the database, fails the statement; found up front it is the caller's 400.
 */
export function isUnsafeText(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE.test(value);
}

// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a low
// one not preceded by a high one. Linear: each alternative looks one unit around.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
