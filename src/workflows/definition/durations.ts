import type { DurationText } from './types.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/** Milliseconds of a duration text; callers validate first, so a bad value is a programming error. */
export function durationMs(text: DurationText): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) throw new TypeError(`Invalid duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
