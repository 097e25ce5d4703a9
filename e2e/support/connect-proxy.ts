/**
 * A tiny HTTP CONNECT proxy on loopback for tests: it records every tunnel it opens (target,
 * Proxy-Authorization sent or not) and, when given credentials, answers 407 to requests without
 * them. Plain proxied GETs are refused: Taxiway tunnels everything.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** One CONNECT the proxy received. */
export interface ProxiedTunnel {
  target: string;
  /** The decoded `user:password` of Proxy-Authorization, when sent. */
  credentials?: string;
  status: number;
}

/** A running test proxy. */
export interface TestProxy {
  url: string;
  tunnels: ProxiedTunnel[];
  close(): Promise<void>;
}

/** Starts a CONNECT proxy on 127.0.0.1; `require` makes it demand those Basic credentials. */
export async function startTestProxy(require?: {
  username: string;
  password: string;
}): Promise<TestProxy> {
  const tunnels: ProxiedTunnel[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('CONNECT only');
  });
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const header = req.headers['proxy-authorization'];
    const credentials =
      typeof header === 'string' && /^Basic /i.test(header)
        ? Buffer.from(header.slice(6), 'base64').toString('utf8')
        : undefined;
    const record: ProxiedTunnel = {
      target: req.url ?? '',
      status: 0,
      ...(credentials ? { credentials } : {}),
    };
    tunnels.push(record);
    if (require && credentials !== `${require.username}:${require.password}`) {
      record.status = 407;
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
    if (!m) {
      record.status = 400;
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(m[2]), m[1]!, () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      if (record.status === 0) {
        record.status = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      } else client.destroy();
    });
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
