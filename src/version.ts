import { readFileSync } from 'node:fs';

/** The package version, reported by the health routes and the OpenAPI description. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
