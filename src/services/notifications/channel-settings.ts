import { z } from 'zod';
import type { NotificationChannelKind } from '../../db/schema/index.js';

/** A host name or address as SMTP servers are named: no scheme, no path, no user part. */
const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, 'a host name or IP address');
const Email = z.email().max(320);
export const Recipients = z.array(Email).max(50);
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** What each kind keeps in clear (`settings`) and what it keeps sealed in its `notify:<kind>` credential. */
export const EmailChannel = z.strictObject({
  channel: z.literal('email'),
  enabled: z.boolean().optional(),
  settings: z.strictObject({
    host: Host,
    port: z.number().int().min(1).max(65535).default(587),
    /** `starttls` upgrades the connection; `tls` is TLS from the start (465); `none` is clear text. */
    security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
    username: z.string().min(1).max(320).optional(),
    from: Email,
    /** Who gets a notification that names no recipients (a test, an integration alert). */
    default_recipients: Recipients.default([]),
  }),
  /** Omitted on a change: the stored password stays. */
  password: z.string().min(1).max(1000).optional(),
});

export const ChatChannel = z.strictObject({
  channel: z.literal('chat'),
  enabled: z.boolean().optional(),
  /** A Slack-compatible incoming webhook: the URL is the secret, so it is kept sealed. */
  webhook_url: HttpUrl,
});

export const WebhookChannel = z.strictObject({
  channel: z.literal('webhook'),
  enabled: z.boolean().optional(),
  url: HttpUrl,
  /** A new signing secret (shown once in the answer); the first configuration always makes one. */
  rotate_secret: z.boolean().optional(),
});

export const ChannelConfiguration = z.discriminatedUnion('channel', [
  EmailChannel,
  ChatChannel,
  WebhookChannel,
]);
export type ChannelConfiguration = z.infer<typeof ChannelConfiguration>;

export type EmailSettings = z.infer<typeof EmailChannel>['settings'];

/** The sealed part of a channel, by kind. */
export type ChannelSecrets =
  | { kind: 'email'; password?: string }
  | { kind: 'chat'; webhook_url: string }
  | { kind: 'webhook'; signing_secret: string };

export const credentialNameOf = (kind: NotificationChannelKind) => `notify:${kind}`;
