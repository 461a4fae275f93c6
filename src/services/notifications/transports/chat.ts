import type { OutboundGuard } from '../../../lib/outbound/guard.js';
import { postJson } from './http-post.js';
import type { OutgoingNotification } from './message.js';

/** A Slack-compatible incoming webhook: `{ text }`, the subject in bold on the first line. */
export function sendChat(
  guard: OutboundGuard,
  webhookUrl: string,
  message: OutgoingNotification,
): Promise<void> {
  const text = `*${message.subject}*\n${message.body}`;
  return postJson(guard, webhookUrl, JSON.stringify({ text }));
}
