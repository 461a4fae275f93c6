// Loads temporal-dev.yml, the single description of the local dev server, so the npm scripts,
// the test harness and the docs never disagree about ports, attributes or dynamic config.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseGoDuration, searchAttributeTypeNames } from './namespace-setup.js';

export const defaultTemporalDevConfigPath = fileURLToPath(new URL('../../temporal-dev.yml', import.meta.url));

const port = z.number().int().min(1).max(65_535);
const jsonValue = z.json();

const temporalDevConfigSchema = z.strictObject({
  namespace: z.string().min(1),
  ip: z.string().min(1),
  ports: z.strictObject({ frontend: port, ui: port, metrics: port, http: port }),
  database_file: z
    .string()
    .min(1)
    .refine((file) => !file.startsWith('/'), 'must be relative to the data dir'),
  retention: z.string().refine((text) => {
    try {
      return parseGoDuration(text) > 0;
    } catch {
      return false;
    }
  }, 'must be a positive Go duration such as 720h'),
  log_level: z.enum(['debug', 'info', 'warn', 'error', 'never']),
  sqlite_pragmas: z.record(z.string().regex(/^\w+$/), z.union([z.string(), z.number()])),
  search_attributes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.enum(searchAttributeTypeNames)),
  dynamic_config: z.record(z.string().regex(/^[\w.]+$/), jsonValue),
  codec_endpoint: z.url().nullable(),
});

export type TemporalDevConfig = z.infer<typeof temporalDevConfigSchema>;

export function loadTemporalDevConfig(path: string = defaultTemporalDevConfigPath): TemporalDevConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read Temporal dev config ${path}: ${(err as Error).message}`, { cause: err });
  }
  const result = temporalDevConfigSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
    throw new Error(`Invalid Temporal dev config ${path}:\n${issues.join('\n')}`);
  }
  return result.data;
}
