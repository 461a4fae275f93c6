/**
 * Replaces every occurrence of the given secret strings in a JSON-like value with `MASK`, so a
 * server that echoes a credential back (a debug endpoint, an error page quoting the request) cannot
 * carry it into a step record, the run's history or an error message. Keys are masked as well as
 * values. Secrets shorter than MIN_MASKED are ignored: masking every "a" would wreck the output and
 * protect nothing.
 */
export const MASK = '***';
export const MIN_MASKED = 4;

export function secretMasker(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...new Set(secrets.filter((s) => s.length >= MIN_MASKED))].sort(
    (a, b) => b.length - a.length,
  );
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let masked = text;
    for (const secret of ordered) if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
    return masked;
  };
}

export function maskSecrets<T>(value: T, mask: (text: string) => string): T {
  return maskValue(value, mask) as T;
}

function maskValue(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, mask));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        mask(key),
        maskValue(item, mask),
      ]),
    );
  }
  return value;
}
