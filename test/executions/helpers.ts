import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { executions } from '../../src/db/schema/index.js';
import { newId } from '../../src/lib/ids.js';
import type { TestApp } from '../harness/app.js';
import type { Account } from '../harness/http.js';

/**
 * An HTTP endpoint that takes `delayMs` to answer, for runs that must be caught mid-step. Closing
 * it drops the requests still waiting, so no worker activity outlives the test.
 */
export async function startSlowServer(delayMs = 10_000) {
  const sockets = new Set<Socket>();
  const requests: { path: string; at: number }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({ path: req.url ?? '/', at: Date.now() });
    const timer = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ slow: true }));
    }, delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A definition whose only step blocks in the slow server's call. */
export const slowDefinition = (url: string) => ({
  steps: [{ id: 'wait', type: 'http', config: { url: `${url}/slow` }, retry: { max_attempts: 1 } }],
});

/** Waits until `check` returns something other than undefined, polling. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An execution row written directly, for exports of values no step produces (line breaks, formulas). */
export async function insertExecutionRow(
  t: TestApp,
  account: Account,
  workflowId: string,
  values: Partial<typeof executions.$inferInsert>,
) {
  const id = newId('exe');
  await t.deps.database.db.insert(executions).values({
    id,
    orgId: account.orgId,
    workflowId,
    workflowVersion: 1,
    status: 'failed',
    trigger: 'api',
    input: {},
    ...values,
  });
  return id;
}

/** RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface SocketMessage {
  type: string;
  data: Record<string, unknown>;
  at: string;
}

/** A WebSocket client that records what it receives and how it closed. */
export function connectSocket(url: string, headers?: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  const messages: SocketMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as SocketMessage));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    // A refused upgrade surfaces as "Unexpected server response: 401".
    ws.once('error', (error) => {
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      reject(Object.assign(error, { statusCode: status ? Number(status) : undefined }));
    });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return {
    ws,
    messages,
    opened,
    closed,
    /** Resolves with the first message (already received or yet to come) that matches. */
    waitFor(match: (m: SocketMessage) => boolean, timeoutMs = 20_000): Promise<SocketMessage> {
      return eventually(async () => messages.find(match), timeoutMs);
    },
  };
}

export const statusEvent = (executionId: string, status: string) => (m: SocketMessage) =>
  m.type === 'execution.status_changed' && m.data.execution_id === executionId && m.data.status === status;
