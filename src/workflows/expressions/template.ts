import { evaluate, type Scope } from './evaluate.js';

const WHOLE = /^\{\{([\s\S]+)\}\}$/;
const EMBEDDED = /\{\{([\s\S]+?)\}\}/g;

/**
 * Renders a config value: strings may embed `{{ expression }}`. A string that is exactly one
 * expression yields the expression's value with its type (number, object…); expressions embedded
 * in longer text are joined as text. Objects and arrays are rendered member by member.
 */
export async function render(value: unknown, scope: Scope): Promise<unknown> {
  if (typeof value === 'string') return renderString(value, scope);
  if (Array.isArray(value)) return Promise.all(value.map((item) => render(item, scope)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value as Record<string, unknown>).map(
        async ([k, v]) => [k, await render(v, scope)] as const,
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
export function renderWithoutTicks(value: unknown, scope: Scope): Promise<unknown> {
  return hasTemplate(value) ? render(value, scope) : Promise.resolve(copyConfig(value));
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

async function renderString(text: string, scope: Scope): Promise<unknown> {
  const whole = WHOLE.exec(text);
  if (whole?.[1] && !whole[1].includes('}}')) return evaluate(whole[1].trim(), scope);
  if (!text.includes('{{')) return text;
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(EMBEDDED)) {
    parts.push(text.slice(last, match.index));
    const result = await evaluate((match[1] as string).trim(), scope);
    parts.push(result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result));
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Every expression inside a config value (for validating definitions before they run). */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(EMBEDDED)].map((m) => (m[1] as string).trim());
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsIn);
  return [];
}
