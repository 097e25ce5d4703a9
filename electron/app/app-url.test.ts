import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedFrame } from './app-url';

describe('isAppUrl', () => {
  const cases: Array<[unknown, boolean, string]> = [
    [APP_ENTRY_URL, true, 'the entry page'],
    ['taxiway://app/', true, 'the root'],
    ['taxiway://app/assets/index-abc.js', true, 'an asset'],
    ['taxiway://app/index.html?view=objects#x', true, 'query and fragment'],
    ['TAXIWAY://app/', true, 'scheme case is normalised by the parser'],
    ['taxiway://app.evil/', false, 'a host that starts with app'],
    ['taxiway://evil.app/', false, 'a host that ends with app'],
    ['taxiway://evil@app/', false, 'user info before the host'],
    ['taxiway://app:x@evil/', false, 'user info that looks like the host'],
    ['taxiway://app@evil/', false, 'user info named app'],
    ['taxiway://app:8080/', false, 'a port'],
    ['taxiway://APP/', false, 'an upper-case host (Chromium would have lowered it)'],
    ['taxiway:app', false, 'no authority'],
    ['taxiway:///app/index.html', false, 'empty host'],
    ['taxiway://app.', false, 'trailing dot'],
    ['taxiway://appx/', false, 'a longer host'],
    ['http://app/', false, 'another scheme, same host'],
    ['https://taxiway://app/', false, 'nested'],
    ['file:///work/out/renderer/index.html', false, 'file URL'],
    ['about:blank', false, 'about:blank'],
    ['javascript:alert(1)//taxiway://app/', false, 'javascript: look-alike'],
    ['http://localhost:5173/', false, 'dev server without dev mode'],
    ['', false, 'empty'],
    [undefined, false, 'undefined'],
    [null, false, 'null'],
    [{ href: 'taxiway://app/' }, false, 'an object'],
    ['taxiway://app/' + 'a'.repeat(9000), false, 'absurdly long'],
  ];
  it.each(cases)('%s → %s (%s)', (value, expected) => {
    expect(isAppUrl(value)).toBe(expected);
  });

  it('trusts the dev server origin only when given, and only that exact origin', () => {
    const opts = { devServerOrigin: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/index.html', opts)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', opts)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', opts)).toBe(false);
    expect(isAppUrl('http://localhost.evil:5173/', opts)).toBe(false);
    expect(isAppUrl('http://user@localhost:5173/', opts)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', {})).toBe(false);
    expect(isAppUrl('taxiway://app/', opts)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', { devServerOrigin: 'javascript:alert(1)' })).toBe(
      false,
    );
  });
});

describe('isTrustedFrame', () => {
  it('trusts the app main frame', () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
  });
  it('refuses a call from a sub-frame, even on the app origin', () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, isMainFrame: false })).toBe(false);
  });
  it('refuses a main frame on a loopback origin', () => {
    expect(isTrustedFrame({ url: 'http://127.0.0.1:8021/', isMainFrame: true })).toBe(false);
  });
  it('refuses a destroyed frame (null sender)', () => {
    expect(isTrustedFrame(null)).toBe(false);
    expect(isTrustedFrame(undefined)).toBe(false);
  });
  it('refuses a frame whose main-frame flag is not exactly true', () => {
    expect(isTrustedFrame({ url: APP_ENTRY_URL, isMainFrame: 1 as unknown as boolean })).toBe(
      false,
    );
  });
  it('refuses a look-alike origin in the main frame', () => {
    expect(isTrustedFrame({ url: 'taxiway://app.evil/index.html', isMainFrame: true })).toBe(false);
  });
});
