/**
 * A tiny DNS server on loopback UDP for tests of SRV discovery: it answers SRV questions from a
 * table and NXDOMAIN to everything else. Real DNS packets (dns-packet), real UDP.
 */
import { type AddressInfo } from 'node:net';
import dgram from 'node:dgram';
import * as packet from 'dns-packet';

/** SRV answers by owner name (`_taxii2._tcp.example.test`). */
export type SrvTable = Record<
  string,
  { target: string; port: number; priority?: number; weight?: number }[]
>;

/** A running test DNS server. */
export interface TestDns {
  /** `127.0.0.1:PORT`, for `Resolver.setServers`. */
  server: string;
  /** Every question name asked, in order. */
  questions: string[];
  close(): Promise<void>;
}

/** Starts the DNS server on 127.0.0.1 with the given SRV records. */
export async function startTestDns(table: SrvTable): Promise<TestDns> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (message, rinfo) => {
    let query: packet.Packet;
    try {
      query = packet.decode(message);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (!q) return;
    questions.push(q.name);
    const records = q.type === 'SRV' ? table[q.name.toLowerCase()] : undefined;
    const response = packet.encode({
      id: query.id,
      type: 'response',
      flags: packet.AUTHORITATIVE_ANSWER | (records ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: [q],
      answers: (records ?? []).map((r) => ({
        type: 'SRV' as const,
        name: q.name,
        ttl: 60,
        data: { target: r.target, port: r.port, priority: r.priority ?? 0, weight: r.weight ?? 0 },
      })),
    });
    socket.send(response, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
