/**
 * A hostile server's words never drive the terminal: the real command against the project's
 * TAXII server, with error titles, descriptions and object names full of escape sequences.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiServer, type RunningTaxiiServer } from '../../e2e/server';
import { taxiway } from './test-cli';
import { oneLineSafe, terminalSafe } from '../../shared/terminal-safe';

const ESC = '\u001b';
const CSI = '\u009b';
const HOSTILE = {
  clear: `${ESC}[2J`,
  title: `${ESC}]0;pwned\u0007`,
  fakeOk: `${ESC}[1A${ESC}[2KOK`,
  csi: `${CSI}2J`,
};
// Any control character but tab and newline.
// eslint-disable-next-line no-control-regex -- finding controls is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let server: RunningTaxiiServer;

beforeAll(async () => {
  server = await startTaxiiServer({ mitreDir: null, statusDelayMs: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('terminal escapes from a server', { timeout: 60_000 }, () => {
  it('writes controls as visible escapes and keeps tab and newline', () => {
    expect(terminalSafe(`a${HOSTILE.clear}b`)).toBe('a\\u001b[2Jb');
    expect(terminalSafe(HOSTILE.csi)).toBe('\\u009b2J');
    expect(terminalSafe(`x\ty\nz\r`)).toBe('x\ty\nz\\u000d');
    expect(terminalSafe('plain words — ünïcode')).toBe('plain words — ünïcode');
    // Bidi overrides reorder what is shown (a file name that reads backwards).
    expect(terminalSafe('a\u202eb\u2066c')).toBe('a\\u202eb\\u2066c');
    expect(oneLineSafe('one\ntwo\tthree\u2028')).toBe('one\\u000atwo\\u0009three\\u2028');
    // In JSON text it is the same JSON.
    const json = JSON.stringify({ name: `n${CSI}${ESC}[2J\u0085` });
    expect(JSON.parse(terminalSafe(json))).toEqual(JSON.parse(json));
  });

  it('never prints an error title or description raw on stderr', async () => {
    server.setFaults([
      {
        kind: 'status',
        status: 500,
        endpoint: 'collections',
        title: `Oops${HOSTILE.clear}${HOSTILE.title}`,
        description: `${HOSTILE.fakeOk} and ${HOSTILE.csi} done`,
      },
    ]);
    try {
      const run = await taxiway(['collections', server.rootUrl('api1')]);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(RAW_CONTROL);
      expect(run.stderr).toContain('Oops\\u001b[2J\\u001b]0;pwned\\u0007');
      expect(run.stderr).toContain('\\u001b[1A\\u001b[2KOK and \\u009b2J done');
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      // --verbose adds the log's lines and every exchange: none of them raw either.
      const verbose = await taxiway(['collections', server.rootUrl('api1'), '--verbose']);
      expect(verbose.code).toBe(1);
      expect(verbose.stderr).toContain('GET ');
      expect(verbose.stderr).not.toMatch(RAW_CONTROL);
    } finally {
      server.setFaults([]);
    }
  });

  it('keeps JSON output free of raw C1 controls while the data keeps every character', async () => {
    const name = `Evil ${HOSTILE.csi} ${HOSTILE.clear} ${HOSTILE.fakeOk}`;
    const object = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--7e0ab9c4-1f6e-4c47-9b7e-3d5f0c2a1b99',
      created: '2024-05-01T00:00:00.000Z',
      modified: '2024-05-01T00:00:00.000Z',
      name,
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2024-05-01T00:00:00.000Z',
    };
    const sandbox = server.collectionUrl('api1', 'publish');
    const put = await taxiway(['publish', sandbox, '-'], {
      stdin: JSON.stringify({
        type: 'bundle',
        id: 'bundle--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        objects: [object],
      }),
    });
    expect(put.code, put.stderr).toBe(0);
    for (const format of ['envelope', 'ndjson']) {
      const run = await taxiway(['object', sandbox, object.id, '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      const got =
        format === 'envelope'
          ? run.json<{ objects: { name: string }[] }>().objects
          : run.lines<{ name: string }>();
      expect(got.map((o) => o.name)).toEqual([name]);
    }
  });
});
