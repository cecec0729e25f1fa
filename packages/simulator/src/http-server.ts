import { createServer, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long the simulators keep an idle keep-alive connection. Node's default (5 s) let a client
 * reuse a connection the server was closing at that very moment: on a loaded machine a request
 * then failed with ECONNRESET. Below Node's 60 s `headersTimeout`, as it must be.
 */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

/** A simulator's HTTP server once it listens. */
export interface SimulatorServer {
  /** The port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** Stop listening and cut every connection at once, held long-polls included. */
  close(): Promise<void>;
}

/**
 * Start the HTTP server of a simulator (Web WeChat or iLink): listen on `host:port`, answer with
 * `listener`, and on `close()` end every open connection instead of waiting for them.
 *
 * @example
 * const server = await startSimulatorServer(createRequestListener(core, sim), 0, '127.0.0.1');
 * console.log(server.port);
 * await server.close();
 */
export async function startSimulatorServer(
  listener: RequestListener,
  port: number,
  host: string,
): Promise<SimulatorServer> {
  const sockets = new Set<Socket>();
  const server = createServer(listener);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  server.on('clientError', (_err, sock) => sock.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const sock of sockets) sock.destroy();
        server.closeAllConnections();
      }),
  };
}
