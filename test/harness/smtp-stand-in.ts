import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  body: string;
}

export interface SmtpStandIn {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Stops listening (a mail server that is down); `start` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on loopback, clear text, that keeps every message it accepts. */
export async function startSmtpStandIn(): Promise<SmtpStandIn> {
  const messages: ReceivedMail[] = [];
  let port = 0;
  let server: SMTPServer | undefined;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const [head = '', ...rest] = raw.split('\r\n\r\n');
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            subject: header('Subject'),
            messageId: header('Message-ID'),
            body: rest.join('\r\n\r\n').trim(),
          });
          callback();
        });
      },
    });
    const current = server;
    await new Promise<void>((resolve) => current.listen(port, '127.0.0.1', () => resolve()));
    port = (current.server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await listen();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    messages,
    stop,
    start: listen,
    close: stop,
  };
}
