// The local endpoint the benchmark runs call: answers a small JSON body at once, so what is
// measured is the engine around the call, not the call.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/work`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
