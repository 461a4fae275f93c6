/**
 * Text PostgreSQL cannot store. A NUL character is refused in `text` and `jsonb`; a UTF-16
 * surrogate without its pair has no UTF-8 encoding (`jsonb` refuses its `\ud800` escape). The API
 * refuses both in what clients send (400 `invalid_text`); values a run produces are stored with
 * each such code unit replaced by U+FFFD, the Unicode replacement character.
 */
export const REPLACEMENT_CHARACTER = '\uFFFD';

// Code units, not code points (no `u` flag): a NUL, a high surrogate not followed by a low one, or
// a low one not preceded by a high one. Linear: each alternative looks one unit around.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is this pattern's purpose.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export function isUnsafeText(value: string): boolean {
  return UNSTORABLE.test(value);
}

/** The text with each NUL and unpaired surrogate replaced by U+FFFD. */
export function storableText(value: string): string {
  return isUnsafeText(value) ? value.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER) : value;
}

// How JSON.stringify writes what cannot be stored: a NUL and a lone surrogate are always escaped
// (`\u0000`, `\udxxx`; a paired surrogate is written as itself). An escaped backslash followed by
// `u0000` matches too, which only sends a clean value down the slower exact path.
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * A value's JSON text for a `jsonb` column, with every string (keys included) made storable.
 * Clean values, nearly all of them, cost one stringify and one scan of its text.
 */
export function storableJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (!ESCAPED_UNSTORABLE.test(text)) return text;
  return JSON.stringify(storableJson(JSON.parse(text)));
}

/** A copy of a JSON value with every string, keys included, made storable. Iterative: no depth limit. */
export function storableJson(root: unknown): unknown {
  const holder: { value: unknown } = { value: root };
  const pending: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [
    { parent: holder as unknown as Record<string, unknown>, key: 'value' },
  ];
  while (pending.length > 0) {
    const { parent, key } = pending.pop() as (typeof pending)[number];
    const value = (parent as Record<string | number, unknown>)[key];
    let copy: unknown = value;
    if (typeof value === 'string') copy = storableText(value);
    else if (Array.isArray(value)) {
      copy = [...value];
      for (let index = 0; index < value.length; index += 1) {
        pending.push({ parent: copy as unknown[], key: index });
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([name, child]) => [storableText(name), child] as const,
      );
      copy = Object.fromEntries(entries);
      for (const [name] of entries) pending.push({ parent: copy as Record<string, unknown>, key: name });
    }
    (parent as Record<string | number, unknown>)[key] = copy;
  }
  return holder.value;
}
