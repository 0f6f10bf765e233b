// Servers that misbehave the ways real ones do, for the fault table (contract-tests/faults/).
// Each answers every request the same way, and records what reached it (path and headers),
// so a test can also prove that nothing (no credential) reached a host it must not.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { closedPort } from './closed-port.js';

export type FaultKind =
  | 'refused'
  | 'reset'
  | 'silent'
  | 'drip'
  | 'http-500'
  | 'html-200'
  | 'truncated-json'
  | 'empty-200'
  | 'key-echo-401'
  | 'huge-200'
  | 'cross-origin-redirect';

export interface FaultServer {
  url: string;
  /** Requests that reached this server. */
  seen: Array<{ url: string; headers: IncomingHttpHeaders }>;
  /** For a redirect: the other origin, and what reached it. */
  elsewhere?: FaultServer;
  close(): Promise<void>;
}

/** Where the fault's echo of a rejected key is written: the client must scrub it. */
export const ECHOED = '__ECHOED_CREDENTIAL__';

async function listen(server: Server, sockets: Set<Socket>): Promise<{ url: string; close(): Promise<void> }> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startFault(kind: FaultKind, options: { echo?: string } = {}): Promise<FaultServer> {
  if (kind === 'refused') {
    const port = await closedPort();
    return { url: `http://127.0.0.1:${port}`, seen: [], close: async () => undefined };
  }
  const seen: FaultServer['seen'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const elsewhere = kind === 'cross-origin-redirect' ? await startFault('html-200') : undefined;
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    switch (kind) {
      case 'reset':
        return void req.socket.destroy();
      case 'silent':
        return; // accepts, reads, never answers
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        // One byte at a time for ever: only the client's deadline can end it.
        const timer = setInterval(() => res.write(' '), 100);
        timers.add(timer);
        res.once('close', () => clearInterval(timer));
        return;
      }
      case 'http-500':
        return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"internal error"}');
      case 'html-200':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
      case 'truncated-json':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [1, 2');
      case 'empty-200':
        return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end();
      case 'key-echo-401':
        return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: `bad key ${options.echo ?? ECHOED}`, message: `bad key ${options.echo ?? ECHOED}` }));
      case 'huge-200':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: 'x'.repeat(20 * 1024 * 1024) }));
      case 'cross-origin-redirect':
        return void res.writeHead(302, { location: `${elsewhere!.url}${req.url ?? '/'}` }).end();
    }
  });
  const sockets = new Set<Socket>();
  const { url, close } = await listen(server, sockets);
  return {
    url,
    seen,
    ...(elsewhere ? { elsewhere } : {}),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all([close(), elsewhere?.close()]);
    },
  };
}
