import { type Evaluator, evaluate, type Scope } from './evaluate.js';

interface Embedded {
  /** Offsets of the opening `{{` and just past the closing `}}`. */
  start: number;
  end: number;
  expression: string;
}

/**
 * The `{{ … }}` parts of a string, left to right, each closed by the first `}}` after it (and at
 * least one character inside). A scan with indexOf rather than a lazy regex: on text full of `{{`
 * without a `}}`, the regex retried from every position and took quadratic time.
 */
function* embeddedIn(text: string): Generator<Embedded> {
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) return;
    const close = text.indexOf('}}', start + 3);
    // No `}}` after this `{{` means none after any later one either.
    if (close < 0) return;
    yield { start, end: close + 2, expression: text.slice(start + 2, close) };
    from = close + 2;
  }
}

/**
 * Renders a config value: strings may embed `{{ expression }}`. A string that is exactly one
 * expression yields the expression's value with its type (number, object…); expressions embedded
 * in longer text are joined as text. Objects and arrays are rendered member by member.
 */
export async function render(
  value: unknown,
  scope: Scope,
  evaluator: Evaluator = evaluate,
): Promise<unknown> {
  if (typeof value === 'string') return renderString(value, scope, evaluator);
  if (Array.isArray(value)) return Promise.all(value.map((item) => render(item, scope, evaluator)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value as Record<string, unknown>).map(
        async ([k, v]) => [k, await render(v, scope, evaluator)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * `render` for runs of interpreter revision 2: a value without any template is copied at once, in
 * one promise instead of one per member. In a workflow every promise costs a captured and
 * source-mapped stack trace (the SDK's promise hook behind the stack-trace query), which made
 * rendering a one-field config cost more than the rest of the step. It takes fewer microtask turns
 * than `render`, which can reorder the commands of concurrent branches, hence the revision gate.
 */
export function renderWithoutTicks(
  value: unknown,
  scope: Scope,
  evaluator: Evaluator = evaluate,
): Promise<unknown> {
  return hasTemplate(value) ? render(value, scope, evaluator) : Promise.resolve(copyConfig(value));
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

/** What `render` yields for a value without templates: fresh arrays and objects, so callers may change them. */
function copyConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyConfig);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, copyConfig(v)]),
    );
  }
  return value;
}

async function renderString(text: string, scope: Scope, evaluator: Evaluator): Promise<unknown> {
  if (!text.includes('{{')) return text;
  // Exactly one expression, the whole string: its value keeps its type. The inside may end in `}`
  // (`{{ {"a": 1}}}`), so this is not the first embedded part.
  const inside = text.slice(2, -2);
  if (text.length > 4 && text.startsWith('{{') && text.endsWith('}}') && !inside.includes('}}')) {
    return evaluator(inside.trim(), scope);
  }
  const parts: string[] = [];
  let last = 0;
  for (const part of embeddedIn(text)) {
    parts.push(text.slice(last, part.start));
    const result = await evaluator(part.expression.trim(), scope);
    parts.push(result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result));
    last = part.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Every expression inside a config value (for validating definitions before they run). */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return [...embeddedIn(value)].map((part) => part.expression.trim());
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsIn);
  return [];
}
