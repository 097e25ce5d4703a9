import { describe, expect, it } from 'vitest';
import { ActivityLog, REDACTED, redactHeaders, stripCredentials } from './activity-log';
import { EventHub } from './event-hub';

const exchange = (id: string, extra: Record<string, string> = {}) => ({
  id,
  method: 'GET',
  url: 'https://user:pw@taxii.example/api1/collections/',
  status: 200,
  durationMs: 12,
  bytes: 345,
  requestHeaders: {
    Accept: 'application/taxii+json;version=2.1',
    Authorization: 'Basic abc',
    ...extra,
  },
  responseHeaders: {
    'Set-Cookie': 'session=s3cret',
    'Content-Type': 'application/taxii+json;version=2.1',
  },
  startedAt: '2024-01-01T00:00:00.000Z',
});

describe('activity log', () => {
  it('redacts credentials, cookies and the connection’s secret headers, whatever their case', () => {
    const log = new ActivityLog();
    const entry = log.record(exchange('1', { 'x-api-key': 'k', 'X-Probe': 'p' }), 'c1', [
      'X-PROBE',
    ]);
    expect(entry.requestHeaders).toEqual({
      Accept: 'application/taxii+json;version=2.1',
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      'X-Probe': REDACTED,
    });
    expect(entry.responseHeaders?.['Set-Cookie']).toBe(REDACTED);
    expect(entry.url).toBe('https://taxii.example/api1/collections/');
    expect(JSON.stringify(entry)).not.toMatch(/s3cret|Basic abc|pw@/);
  });

  it('announces each record as activity.recorded', () => {
    const hub = new EventHub({ checkPayloads: true, log: { error: () => {}, warn: () => {} } });
    const seen: string[] = [];
    hub.subscribe((name, payload) => seen.push(`${name}:${(payload as { id: string }).id}`));
    new ActivityLog({ hub }).record(exchange('7'), 'c1');
    expect(seen).toEqual(['activity.recorded:7']);
  });

  it('keeps the newest records, per connection and up to a limit', () => {
    const log = new ActivityLog({ max: 3 });
    for (const id of ['1', '2', '3', '4']) log.record(exchange(id), id === '4' ? 'c2' : 'c1');
    expect(log.list().map((r) => r.id)).toEqual(['2', '3', '4']);
    expect(log.list({ connectionId: 'c1' }).map((r) => r.id)).toEqual(['2', '3']);
    expect(log.list({ limit: 1 }).map((r) => r.id)).toEqual(['4']);
    expect(log.get('1')).toBeUndefined();
  });

  it('strips user info from URLs and hides an unparsable URL that may hold some', () => {
    expect(stripCredentials('http://a:b@h/x')).toBe('http://h/x');
    expect(stripCredentials('not a url with user@host')).toBe('[unparsable URL]');
    expect(redactHeaders(undefined)).toBeUndefined();
  });
});
