import { describe, expect, it } from 'vitest';
import { loopbackRefusal, type LoopbackServer } from './loopback-request';

const server: LoopbackServer = { scheme: 'http', port: 8021 };

describe('who may talk to a loopback server', () => {
  it.each([
    [{ host: '127.0.0.1:8021' }, undefined],
    [{ host: 'localhost:8021' }, undefined],
    [{ host: '127.0.0.1:8021', origin: 'http://127.0.0.1:8021' }, undefined],
    [{ host: 'localhost:8021', origin: 'http://localhost:8021' }, undefined],
    [{}, 421],
    [{ host: '' }, 421],
    [{ host: 'evil.example:8021' }, 421],
    [{ host: '127.0.0.1' }, 421],
    [{ host: '127.0.0.1:80' }, 421],
    [{ host: '127.0.0.1.nip.io:8021' }, 421],
    [{ host: '127.0.0.1:8021', origin: 'http://evil.example' }, 403],
    [{ host: '127.0.0.1:8021', origin: 'null' }, 403],
    [{ host: '127.0.0.1:8021', origin: 'https://127.0.0.1:8021' }, 403],
    [{ host: '127.0.0.1:8021', origin: 'http://127.0.0.1:8022' }, 403],
    [{ host: '127.0.0.1:8021', origin: 'http://127.0.0.1:8021.evil.example' }, 403],
  ])('%j → %s', (headers, status) => {
    expect(loopbackRefusal(headers, server)?.status).toBe(status);
  });

  it('takes the address the server listens on and its scheme', () => {
    const tls: LoopbackServer = { scheme: 'https', port: 9443, extraHosts: ['[::1]'] };
    expect(loopbackRefusal({ host: '[::1]:9443', origin: 'https://[::1]:9443' }, tls)).toBe(
      undefined,
    );
    expect(loopbackRefusal({ host: '[::1]:9443', origin: 'http://[::1]:9443' }, tls)?.status).toBe(
      403,
    );
  });
});
