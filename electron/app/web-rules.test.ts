import { describe, expect, it } from 'vitest';
import {
  navigationDecision,
  permissionDecision,
  webviewDecision,
  windowOpenDecision,
} from './web-rules';

describe('navigation and redirects', () => {
  const cases: Array<[unknown, 'allow' | 'deny']> = [
    ['taxiway://app/index.html', 'allow'],
    ['taxiway://app/index.html?collection=x', 'allow'],
    ['https://example.com/', 'deny'],
    ['http://127.0.0.1:8021/taxii2/', 'deny'],
    ['file:///etc/passwd', 'deny'],
    ['taxiway://app.evil/', 'deny'],
    ['javascript:alert(1)', 'deny'],
    ['data:text/html,<script>alert(1)</script>', 'deny'],
    ['about:blank', 'deny'],
    ['chrome://settings', 'deny'],
    [undefined, 'deny'],
  ];
  it.each(cases)('%s → %s', (url, expected) => {
    expect(navigationDecision(url)).toBe(expected);
  });

  it('allows the dev server only in dev mode', () => {
    expect(
      navigationDecision('http://localhost:5173/', { devServerOrigin: 'http://localhost:5173' }),
    ).toBe('allow');
    expect(navigationDecision('http://localhost:5173/')).toBe('deny');
  });
});

describe('new windows and webviews', () => {
  it.each(['https://example.com/', 'taxiway://app/index.html', 'about:blank', ''])(
    'denies window.open(%s)',
    (url) => {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
    },
  );
  it('never attaches a webview', () => {
    expect(webviewDecision()).toBe('deny');
  });
});

describe('permissions', () => {
  const app = 'taxiway://app/index.html';
  const cases: Array<[unknown, unknown, boolean, string]> = [
    ['clipboard-sanitized-write', app, true, 'copy buttons in the app'],
    ['clipboard-sanitized-write', 'taxiway://app', true, 'origin form of the app'],
    ['clipboard-sanitized-write', 'https://evil.example/', false, 'copy from elsewhere'],
    ['clipboard-sanitized-write', undefined, false, 'no origin'],
    ['clipboard-read', app, false, 'reading the clipboard'],
    ['notifications', app, false, 'notifications'],
    ['geolocation', app, false, 'geolocation'],
    ['media', app, false, 'camera and microphone'],
    ['openExternal', app, false, 'openExternal through the permission system'],
    ['fullscreen', app, false, 'fullscreen'],
    ['pointerLock', app, false, 'pointer lock'],
    ['hid', app, false, 'HID'],
    ['serial', app, false, 'serial'],
    ['usb', app, false, 'USB'],
    ['midiSysex', app, false, 'MIDI'],
    ['unknown', app, false, 'unknown'],
    [undefined, app, false, 'no permission'],
    ['toString', app, false, 'prototype name'],
  ];
  it.each(cases)('%s from %s → %s (%s)', (permission, origin, expected) => {
    expect(permissionDecision(permission, origin)).toBe(expected);
  });
});
