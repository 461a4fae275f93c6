import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ServiceConfig } from '../service-config.js';

/** The catalogue shipped in the repo; an operator's file (OAUTH_PROVIDERS_FILE) is merged over it. */
const SHIPPED = new URL('../../../config/oauth-providers.yml', import.meta.url);

const Url = z.url({ protocol: /^https?$/ });

export const ProviderSchema = z.strictObject({
  display_name: z.string().min(1).max(200),
  issuer: Url.optional(),
  discovery: z.boolean().default(false),
  authorization_endpoint: Url.optional(),
  token_endpoint: Url.optional(),
  revocation_endpoint: Url.optional(),
  userinfo_endpoint: Url.optional(),
  default_scopes: z.array(z.string().min(1).max(200)).max(100).default([]),
  pkce: z.boolean().default(true),
  token_auth: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  authorization_params: z.record(z.string(), z.string()).default({}),
});
export type Provider = z.infer<typeof ProviderSchema>;

const CatalogueSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/), ProviderSchema);
export type ProviderCatalogue = Record<string, Provider>;

export class ProviderCatalogueError extends Error {}

const loaded = new Map<string, ProviderCatalogue>();

function readCatalogue(path: URL | string): ProviderCatalogue {
  const parsed = CatalogueSchema.safeParse(parse(readFileSync(path, 'utf8')) ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ProviderCatalogueError(`OAuth provider catalogue ${String(path)}: ${issues}`);
  }
  return parsed.data;
}

/**
 * The providers connected apps may use: the shipped presets, then the operator's file (whose
 * entries replace shipped ones of the same key). Read once per process and file.
 */
export function providerCatalogue(config: Pick<ServiceConfig, 'connectedApps'>): ProviderCatalogue {
  const key = config.connectedApps.providersFile ?? '';
  let catalogue = loaded.get(key);
  if (!catalogue) {
    catalogue = {
      ...readCatalogue(SHIPPED),
      ...(config.connectedApps.providersFile ? readCatalogue(config.connectedApps.providersFile) : {}),
    };
    loaded.set(key, catalogue);
  }
  return catalogue;
}

/**
 * Where an app talks to its provider, resolved once at creation and kept on the app row (a later
 * catalogue change does not move connected apps): the preset's endpoints, the ones given, or
 * those discovered from the issuer.
 */
export interface AppEndpoints {
  issuer?: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  pkce: boolean;
  token_auth: 'client_secret_basic' | 'client_secret_post';
  authorization_params: Record<string, string>;
}
