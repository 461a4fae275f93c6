import { createTransport } from 'nodemailer';
import { OutboundError } from '../../../lib/outbound/errors.js';
import type { OutboundGuard } from '../../../lib/outbound/guard.js';
import type { EmailSettings } from '../channel-settings.js';
import { DeliveryError, type OutgoingNotification } from './message.js';

const TIMEOUT_MS = 15_000;

/**
 * Sends one e-mail over SMTP with nodemailer. The server's address is the guard's decision (the
 * connection goes to the checked address; TLS still verifies the host name). The Message-ID is the
 * notification's id, so a receiving system that sees one twice can tell.
 */
export async function sendEmail(
  guard: OutboundGuard,
  settings: EmailSettings,
  password: string | undefined,
  message: OutgoingNotification,
): Promise<void> {
  const recipients = message.recipients.length > 0 ? message.recipients : settings.default_recipients;
  if (recipients.length === 0)
    throw new DeliveryError('No recipients, and the channel names no default ones', false);
  const host = settings.host.replace(/^\[(.*)\]$/, '$1');
  let address: string;
  try {
    address = (await guard.checkSocket(host, settings.port)).address;
  } catch (error) {
    if (error instanceof OutboundError) throw new DeliveryError(error.message, error.retryable);
    throw error;
  }
  const transport = createTransport({
    host: address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    tls: { servername: host },
    ...(settings.username ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: recipients,
      subject: message.subject,
      text: message.body,
      messageId: `<${message.id}@conveyor>`,
      headers: { 'X-Conveyor-Notification': message.id },
    });
  } catch (error) {
    const { responseCode, message: text } = error as { responseCode?: number; message?: string };
    // 5xx is the server's final word on this message; a refused connection or a 4xx may pass.
    const permanent = typeof responseCode === 'number' && responseCode >= 500;
    throw new DeliveryError(`SMTP: ${String(text ?? error).slice(0, 300)}`, !permanent);
  } finally {
    transport.close();
  }
}
