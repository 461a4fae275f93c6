import { z } from '@hono/zod-openapi';

export const TokenPairSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
  })
  .openapi('TokenPair');

export const EmailSchema = z.email().max(254).openapi({ example: 'ada@example.com' });
/** NIST SP 800-63B: at least 8 characters, long passphrases welcome. */
export const PasswordSchema = z.string().min(8).max(256).openapi({ example: 'correct horse battery staple' });
