import type { CursorKey } from './cursor.js';

/** A row's place in a list ordered by a timestamp, ties broken by id. */
export interface TimeIdKey {
  /** The timestamp as UTC text with microseconds (see `microsecondText`): a JS Date keeps only ms. */
  at: string;
  id: string;
}

const MICROSECOND_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export const timeIdKey: CursorKey<TimeIdKey> = {
  encode: (key) => [key.at, key.id],
  parse(raw) {
    if (!Array.isArray(raw) || raw.length !== 2) return undefined;
    const [at, id] = raw as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || id.length === 0 || id.length > 200)
      return undefined;
    if (!MICROSECOND_UTC.test(at) || Number.isNaN(Date.parse(at))) return undefined;
    return { at, id };
  },
};

/** A row's place in a list ordered by an increasing integer id (a sequence). */
export const sequenceKey: CursorKey<number> = {
  encode: (id) => [id],
  parse: (raw) =>
    Array.isArray(raw) && raw.length === 1 && Number.isSafeInteger(raw[0]) && (raw[0] as number) >= 0
      ? (raw[0] as number)
      : undefined,
};
