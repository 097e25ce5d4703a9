import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type LogRecord,
  addLogSink,
  createLogger,
  looksLikeCredential,
  redact,
  redactHeaders,
  redactUrl,
  redactValue,
  registerSecret,
  setLogLevel,
  stderrSink,
} from './log';

const removers: (() => void)[] = [];
afterEach(() => {
  removers.splice(0).forEach((r) => r());
  setLogLevel('warn');
});

function capture(): { lines: string[]; records: LogRecord[] } {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  removers.push(
    addLogSink((record, line) => {
      records.push(record);
      lines.push(line);
    }),
  );
  return { lines, records };
}

describe('redaction', () => {
  it('removes a registered secret in raw, URL-encoded and JSON-escaped spellings', () => {
    const secret = 'p@ss "word"/42';
    registerSecret(secret);
    const text = `raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify(secret)}`;
    const out = redact(text);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the scheme of an Authorization header but not its credentials', () => {
    expect(redact('Authorization: Basic YW5hbHlzdDp0YXhpd2F5LWRlbW8=')).toBe(
      'Authorization: Basic [redacted]',
    );
    expect(redact('{"authorization":"Bearer abcdef123456"}')).toBe(
      '{"authorization":"Bearer [redacted]"}',
    );
    expect(redact('x-api-key=zzzzzzzz sent')).toBe('x-api-key=[redacted] sent');
    expect(redact('retrying with Bearer eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(
      'retrying with Bearer [redacted]',
    );
  });

  it('leaves ordinary text and flags alone', () => {
    expect(redact('{"hasToken":true,"hasPassword":false}')).toBe(
      '{"hasToken":true,"hasPassword":false}',
    );
    expect(redact('GET https://example.test/api1/collections/ 200')).toBe(
      'GET https://example.test/api1/collections/ 200',
    );
  });

  it('redacts URL credentials and secret query parameters but keeps the rest of the URL', () => {
    expect(redactUrl('https://bob:hunter22@taxii.example.com:8443/taxii2/?key=abc123&x=1#f')).toBe(
      'https://[redacted]@taxii.example.com:8443/taxii2/?key=[redacted]&x=1#f',
    );
    expect(redactUrl('https://h.example/objects/?match%5Btype%5D=indicator&next=abc')).toBe(
      'https://h.example/objects/?match%5Btype%5D=indicator&next=abc',
    );
    expect(redact('failed: https://u:pw-in-url@h.example/taxii2/?api_key=K123 (timeout)')).toBe(
      'failed: https://[redacted]@h.example/taxii2/?api_key=[redacted] (timeout)',
    );
  });

  it('redacts header maps and nested values', () => {
    registerSecret('nested-secret-value');
    expect(
      redactHeaders({
        Authorization: 'Bearer t0k3n-xyz',
        'X-Api-Key': 'k',
        Accept: 'application/taxii+json',
      }),
    ).toEqual({
      Authorization: 'Bearer [redacted]',
      'X-Api-Key': '[redacted]',
      Accept: 'application/taxii+json',
    });
    expect(redactValue({ a: [{ password: 'pw' }, 'x nested-secret-value y'], n: 3 })).toEqual({
      a: [{ password: '[redacted]' }, 'x [redacted] y'],
      n: 3,
    });
  });
});

describe('redaction is precise', () => {
  // Values never registered: only the shape of the text can tell they are credentials.
  it.each([
    ['Authorization: Basic YW5hbHlzdDp0YXhpd2F5LWRlbW8=', 'YW5hbHlzdDp0YXhpd2F5LWRlbW8='],
    ['{"authorization":"Bearer abcdef123456"}', 'abcdef123456'],
    ['Cookie: session=abcdefgh', 'abcdefgh'],
    ['Set-Cookie: sid=xyzxyzxy; Path=/', 'xyzxyzxy'],
    ['X-Auth-Token: abcdefgh', 'abcdefgh'],
    ['x-api-key=zzzzzzzz sent', 'zzzzzzzz'],
    ['{"password": "hunter"}', 'hunter'],
    ["{'token': 'plainword'}", 'plainword'],
    ['TAXIWAY_PASSWORD=opensesame taxiway objects …', 'opensesame'],
    ['client_secret: plainwords', 'plainwords'],
    ['accessToken: abcdefghij', 'abcdefghij'],
    ['password=letmein', 'letmein'],
    ['Invalid token: 9f8e7d6c5b4a3210', '9f8e7d6c5b4a3210'],
    ['the password: hunter22! was refused', 'hunter22!'],
    ['token: eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['a secret: AbCdEfGhIjKlMnOpQrStUv', 'AbCdEfGhIjKlMnOpQrStUv'],
    ['token: Bearer t0k3n-xyz-123', 't0k3n-xyz-123'],
    ['retrying with Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
    ['retrying with Bearer t0k3n-xyz', 't0k3n-xyz'],
    ['sent Basic YWxpY2U6czNjcmV0 upstream', 'YWxpY2U6czNjcmV0'],
    ['failed: https://u:pw-in-url@h.example/taxii2/?api_key=K123', 'pw-in-url'],
    ['failed: https://h.example/taxii2/?api_key=K123xyz', 'K123xyz'],
  ])('hides the credential in %j', (text, credential) => {
    const out = redact(text);
    expect(out).not.toContain(credential);
    expect(out).toContain('[redacted]');
  });

  it.each([
    'Invalid token: expired',
    'Invalid token: expired.',
    'This API root needs a password: set TAXIWAY_PASSWORD or use --password-stdin',
    'password: TAXIWAY_PASSWORD',
    'Token: missing from the request',
    'HTTP Basic authentication failed',
    'uses HTTP Basic, but no password is stored',
    'Bearer tokens are sent only to their origin',
    'the session: closed by the server.',
    'Authentication: required (401)',
    'token: 2024-05-01',
    'credentials: none given',
    'signature: invalid.',
    'The secret: keep it safe',
    'auth: basic',
  ])('leaves %j as it is', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([
    ['hunter22!', true],
    ['9f8e7d6c5b4a3210', true],
    ['YW5hbHlzdDp0YXhpd2F5LWRlbW8=', true],
    ['s3cr3t-k3y', true],
    ['AbCdEfGhIjKlMnOpQrStUv', true],
    ['expired', false],
    ['expired.', false],
    ['user-supplied', false],
    ['TAXIWAY_PASSWORD', false],
    ['$TAXIWAY_TOKEN', false],
    ['20240501', false],
    ['2024-05-01T12:00:00Z', false],
    ['abc1', false],
    ['internationalisation', false],
  ])('judges %j as a credential: %s', (value, expected) => {
    expect(looksLikeCredential(value)).toBe(expected);
  });

  it('still hides every registered secret, whatever surrounds it', () => {
    const secret = 'plain-words-secret';
    registerSecret(secret);
    expect(redact(`Invalid token: ${secret}`)).toBe('Invalid token: [redacted]');
    expect(redact(`the value was ${secret}.`)).toBe('the value was [redacted].');
  });
});

describe('the logger', () => {
  it('passes only redacted text to its sinks, at or above the level', () => {
    const { lines, records } = capture();
    registerSecret('sink-secret-7788');
    setLogLevel('info');
    const log = createLogger('test');
    log.debug('not shown');
    log.info('using sink-secret-7788', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    log.error(String(new Error('bad: sink-secret-7788')));
    expect(records.map((r) => r.level)).toEqual(['info', 'error']);
    expect(lines.join('\n')).not.toContain('sink-secret-7788');
    expect(lines.join('\n')).not.toContain('Zm9vOmJhcg==');
    expect(lines[0]).toContain('[test] using [redacted]');
  });

  it('writes a server’s control characters to stderr as visible escapes', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      stderrSink(
        { level: 'info', scope: 'http', message: '', time: '' },
        'note: \u001b[2J\u009b1A\u202eevil\tok',
      );
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual(['note: \\u001b[2J\\u009b1A\\u202eevil\tok\n']);
  });
});
