import { TaskError } from '../task-error.js';

/** Payloads come from workflow definitions: a wrong one is the definition's error, never retried. */
export function objectPayload(payload: unknown, taskType: string): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TaskError('INVALID_PAYLOAD', `${taskType} expects an object payload`);
  }
  return payload as Record<string, unknown>;
}

export function stringField(fields: Record<string, unknown>, name: string, taskType: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value === '') {
    throw new TaskError('INVALID_PAYLOAD', `${taskType}: \`${name}\` must be a non-empty string`);
  }
  return value;
}

export function optional<T>(
  fields: Record<string, unknown>,
  name: string,
  check: (value: unknown) => value is T,
  what: string,
  taskType: string,
): T | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw new TaskError('INVALID_PAYLOAD', `${taskType}: \`${name}\` must be ${what}`);
  return value;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
export const isStringRecord = (value: unknown): value is Record<string, string> =>
  !!value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((item) => typeof item === 'string');
