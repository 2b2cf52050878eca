import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a test server on 127.0.0.1 only (tests never listen beyond loopback; port 0: any free
 * port). Closing also drops open connections: a browser's kept-alive socket would otherwise hold
 * `close()` until it times out.
 */
export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
