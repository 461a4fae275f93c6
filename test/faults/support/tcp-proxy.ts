import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /**
   * The next time a client sends bytes containing `marker`, those bytes are held back (never
   * reach the server) and `onMatch` runs: a crash placed at an exact point of a conversation, such
   * as "after Temporal accepted the start, before the transaction committed".
   */
  armOnce(marker: string, onMatch: () => void): void;
  /** Whether the armed marker was seen. */
  fired(): boolean;
  close(): Promise<void>;
}

/** A loopback TCP proxy that can cut a conversation at a chosen message. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let armed: { marker: Buffer; onMatch: () => void } | undefined;
  let fired = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    // Markers may straddle two chunks: keep the tail of the previous chunk to search across.
    let carry = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (armed) {
        const window = Buffer.concat([carry, chunk]);
        if (window.includes(armed.marker)) {
          const { onMatch } = armed;
          armed = undefined;
          fired = true;
          client.pause();
          onMatch();
          return;
        }
        carry = window.subarray(Math.max(0, window.length - 256));
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    armOnce(marker, onMatch) {
      armed = { marker: Buffer.from(marker), onMatch };
      fired = false;
    },
    fired: () => fired,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
