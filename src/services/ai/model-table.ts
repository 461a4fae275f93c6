import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** The table shipped in the repo; AI_MODELS_FILE replaces it. */
const SHIPPED = new URL('../../../config/ai-models.yml', import.meta.url);

const Price = z.number().min(0).max(10_000);
const ModelPrices = z.strictObject({
  input: Price,
  output: Price,
  cache_write: Price,
  cache_read: Price,
});
export type ModelPrices = z.infer<typeof ModelPrices>;

const TableSchema = z.strictObject({
  default_model: z.string().min(1).max(200),
  models: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/), ModelPrices),
});

/** The models calls may name (the allow-list), their prices, and the one used when a call names none. */
export interface ModelTable {
  defaultModel: string;
  prices: Readonly<Record<string, ModelPrices>>;
}

export class ModelTableError extends Error {}

/** Reads and checks the model table; a default model missing from it is a configuration error. */
export function loadModelTable(file: string | undefined, defaultOverride: string | undefined): ModelTable {
  const path = file ?? SHIPPED;
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelTableError(`AI model table ${String(path)}: ${(error as Error).message}`);
  }
  const parsed = TableSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ModelTableError(`AI model table ${String(path)}: ${issues}`);
  }
  const defaultModel = defaultOverride ?? parsed.data.default_model;
  if (!(defaultModel in parsed.data.models)) {
    throw new ModelTableError(
      `AI default model ${defaultModel} is not in the model table ${String(path)} (${Object.keys(parsed.data.models).join(', ')})`,
    );
  }
  return { defaultModel, prices: parsed.data.models };
}

/** Tokens of one call, as the Messages API reports them. */
export interface TokenCounts {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** The call's cost in millionths of a US dollar (integers add up without rounding drift). */
export function costMicroUsd(prices: ModelPrices | undefined, tokens: TokenCounts): number {
  if (!prices) return 0;
  // Prices are per million tokens, so tokens × price is already in micro-dollars.
  return Math.round(
    tokens.input_tokens * prices.input +
      tokens.output_tokens * prices.output +
      tokens.cache_creation_input_tokens * prices.cache_write +
      tokens.cache_read_input_tokens * prices.cache_read,
  );
}
