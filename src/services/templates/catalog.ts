import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const CATALOG_DIR = new URL('./catalog/', import.meta.url);

const TemplateSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/),
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(2000),
  category: z.string().min(1).max(50),
  tags: z.array(z.string().min(1).max(50)).max(20),
  definition: z.record(z.string(), z.unknown()),
});

export type Template = z.infer<typeof TemplateSchema>;

let loaded: Template[] | undefined;

/**
 * The built-in templates: one JSON file each in `catalog/`, named for its id, so adding a template
 * is adding a file. Read once; a malformed file fails loudly at the first request (and in tests,
 * which also validate every definition), never silently drops out of the list.
 */
export function loadTemplates(): Template[] {
  loaded ??= readdirSync(fileURLToPath(CATALOG_DIR))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const template = TemplateSchema.parse(JSON.parse(readFileSync(new URL(file, CATALOG_DIR), 'utf8')));
      if (`${template.id}.json` !== file) throw new Error(`template ${file} has id ${template.id}`);
      return template;
    });
  return loaded;
}
