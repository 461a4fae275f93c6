import { z } from '@hono/zod-openapi';
import { CREDENTIAL_TYPES } from '../../../db/schema/index.js';
import { idParam } from '../../openapi.js';

export const CREDENTIAL_ID_EXAMPLE = 'cred_01JD3Y6S2W8Q9R7T5V4X3Z2A1B';
export const CredentialIdParam = idParam('id', CREDENTIAL_ID_EXAMPLE);

/** Secrets (keys, passwords, tokens) are capped at 8 KiB; a `json` value at 64 KiB serialized. */
export const MAX_SECRET_LENGTH = 8 * 1024;
export const MAX_JSON_VALUE_BYTES = 64 * 1024;

const Secret = (description: string, example: string) =>
  z.string().min(1).max(MAX_SECRET_LENGTH).openapi({ description, example });

/** Steps name credentials, so a name is a plain identifier. */
export const CredentialName = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a letter or digit, then up to 63 letters, digits, _ . -')
  .openapi({ description: 'Unique among the live credentials of the organization', example: 'stripe-live' });

const Description = z.string().max(2000).openapi({ example: 'Live Stripe key for the billing flows' });

/** An HTTP token: what a header or query parameter name may hold. */
const ParameterName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "letters, digits and !#$%&'*+.^_`|~- only");

const ApiKeyValue = z
  .strictObject({
    key: Secret('The key', 'sk_live_51H…'),
    placement: z
      .enum(['header', 'query'])
      .default('header')
      .openapi({ description: 'Sent in a header (default) or as a query parameter' }),
    name: ParameterName.default('X-API-Key').openapi({ description: 'The header or query parameter name' }),
  })
  .openapi('ApiKeyValue', { example: { key: 'sk_live_51H…', placement: 'header', name: 'X-API-Key' } });

const BasicAuthValue = z
  .strictObject({
    username: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[^:]*$/, 'a Basic username cannot hold ":"')
      .openapi({ example: 'svc-invoices' }),
    password: Secret('The password', 'correct horse battery staple'),
  })
  .openapi('BasicAuthValue', {
    example: { username: 'svc-invoices', password: 'correct horse battery staple' },
  });

const BearerTokenValue = z
  .strictObject({
    token: Secret('Sent as `Authorization: Bearer <token>`', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'),
  })
  .openapi('BearerTokenValue', { example: { token: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' } });

const OAuth2ClientCredentialsValue = z
  .strictObject({
    token_url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .openapi({ description: 'The token endpoint', example: 'https://auth.example.com/oauth/token' }),
    client_id: z.string().min(1).max(1024).openapi({ example: 'conveyor-billing' }),
    client_secret: Secret('The client secret', 's3cr3t-v4lue'),
    scopes: z
      .array(
        z
          .string()
          .min(1)
          .max(256)
          .regex(/^[^\s]+$/, 'no spaces'),
      )
      .max(100)
      .optional()
      .openapi({ example: ['invoices:read'] }),
    audience: z.string().min(1).max(1024).optional().openapi({ example: 'https://api.example.com' }),
    auth_method: z
      .enum(['client_secret_basic', 'client_secret_post'])
      .default('client_secret_basic')
      .openapi({ description: 'How the client authenticates to the token endpoint (default Basic)' }),
  })
  .openapi('OAuth2ClientCredentialsValue', {
    example: {
      token_url: 'https://auth.example.com/oauth/token',
      client_id: 'conveyor-billing',
      client_secret: 's3cr3t-v4lue',
      scopes: ['invoices:read'],
      auth_method: 'client_secret_basic',
    },
  });

const JsonValue = z
  .unknown()
  .superRefine((value, issue) => {
    if (value === undefined) issue.addIssue({ code: 'custom', message: 'a JSON value is required' });
    else if (Buffer.byteLength(JSON.stringify(value)) > MAX_JSON_VALUE_BYTES)
      issue.addIssue({ code: 'custom', message: `at most ${MAX_JSON_VALUE_BYTES} bytes of JSON` });
  })
  .openapi('JsonCredentialValue', {
    description: `Any JSON (at most ${MAX_JSON_VALUE_BYTES} bytes serialized), sealed as a whole`,
    example: { account: 'acme', private_key: '-----BEGIN PRIVATE KEY-----…' },
  });

const common = { name: CredentialName, description: Description.optional() };
const createApiKey = z.strictObject({ type: z.literal('api_key'), ...common, value: ApiKeyValue });
const createBasic = z.strictObject({ type: z.literal('basic_auth'), ...common, value: BasicAuthValue });
const createBearer = z.strictObject({ type: z.literal('bearer_token'), ...common, value: BearerTokenValue });
const createOAuth2 = z.strictObject({
  type: z.literal('oauth2_client_credentials'),
  ...common,
  value: OAuth2ClientCredentialsValue,
});
const createJson = z.strictObject({ type: z.literal('json'), ...common, value: JsonValue });

export const CreateCredentialBody = z
  .discriminatedUnion('type', [
    createApiKey.openapi('CreateApiKeyCredential'),
    createBasic.openapi('CreateBasicAuthCredential'),
    createBearer.openapi('CreateBearerTokenCredential'),
    createOAuth2.openapi('CreateOAuth2ClientCredentialsCredential'),
    createJson.openapi('CreateJsonCredential'),
  ])
  .openapi('CreateCredentialRequest', {
    description:
      'The value is sealed (AES-256-GCM under a data key of its own) and never shown again except to an audited `?decrypt=true` read. `oauth2_tokens` credentials come from connected apps and cannot be created here.',
    example: { type: 'bearer_token', name: 'github-bot', value: { token: 'ghp_16C7e42F292c…' } },
  });

/** PUT: the same bodies, with `value` optional (left out, the sealed value is kept). */
export const UpdateCredentialBody = z
  .discriminatedUnion('type', [
    createApiKey.extend({ value: ApiKeyValue.optional() }).openapi('UpdateApiKeyCredential'),
    createBasic.extend({ value: BasicAuthValue.optional() }).openapi('UpdateBasicAuthCredential'),
    createBearer.extend({ value: BearerTokenValue.optional() }).openapi('UpdateBearerTokenCredential'),
    createOAuth2
      .extend({ value: OAuth2ClientCredentialsValue.optional() })
      .openapi('UpdateOAuth2ClientCredentialsCredential'),
    createJson.extend({ value: JsonValue.optional() }).openapi('UpdateJsonCredential'),
  ])
  .openapi('UpdateCredentialRequest', {
    description:
      '`type` must be the stored type (409 credential_type_fixed otherwise). Left out, `value` keeps the sealed value, so a rename needs no re-entry of the secret; `description` left out becomes empty.',
    example: { type: 'bearer_token', name: 'github-bot-2', description: 'Renamed' },
  });

export const CredentialSchema = z
  .object({
    id: z.string().openapi({ example: CREDENTIAL_ID_EXAMPLE }),
    name: z.string().openapi({ example: 'stripe-live' }),
    type: z.enum(CREDENTIAL_TYPES),
    description: z.string(),
    settings: z.record(z.string(), z.unknown()).openapi({
      description:
        "The value's parts that are not secret: api_key `placement`, `name`; basic_auth `username`; oauth2_client_credentials `token_url`, `client_id`, `scopes`, `audience`, `auth_method`; others `{}`",
      example: { placement: 'header', name: 'X-API-Key' },
    }),
    key_version: z.number().int().openapi({ description: 'The master key version wrapping its data key' }),
    last_used_at: z.string().nullable().openapi({ description: 'When a step last used it' }),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Credential');

export const CredentialWithValueSchema = CredentialSchema.extend({
  value: z
    .unknown()
    .optional()
    .openapi({
      description:
        'Only with `?decrypt=true` and the `credentials:decrypt` permission; every such read is audited',
      example: { key: 'sk_live_51H…', placement: 'header', name: 'X-API-Key' },
    }),
}).openapi('CredentialWithValue');
