import { describe, expect, it } from 'vitest';
import { openIfSafe, safeExternalUrl } from './external-url';

describe('external links', () => {
  const refused: Array<[unknown, string]> = [
    ['javascript:alert(1)', 'javascript:'],
    ['JaVaScRiPt:alert(1)', 'mixed-case javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['smb://server/share', 'smb:'],
    ['\\\\server\\share\\x.exe', 'UNC path'],
    ['ms-msdt:/id PCWDiagnostic', 'ms-msdt:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['vbscript:msgbox', 'vbscript:'],
    ['taxiway://app/index.html', 'our own scheme'],
    ['x-custom://thing', 'a custom scheme'],
    ['mailto:a@example.com', 'mailto:'],
    ['ftp://example.com/', 'ftp:'],
    ['https://bank.example@evil.example/', 'user info'],
    ['https://user:pass@example.com/', 'credentials'],
    ['https://exa mple.com/', 'a space'],
    ['https://example.com/\u0000x', 'a NUL'],
    ['https://example.com\\@evil.example/', 'backslash trick'],
    ['http:/\\evil.example', 'slash-backslash'],
    ['example.com', 'no scheme'],
    ['//example.com', 'scheme-relative'],
    ['https://', 'no host'],
    ['', 'empty'],
    [undefined, 'undefined'],
    [42, 'a number'],
    [{ toString: () => 'https://example.com/' }, 'an object that stringifies'],
  ];
  it.each(refused)('refuses %s (%s) without calling open', async (value) => {
    const opened: string[] = [];
    expect(safeExternalUrl(value)).toBeNull();
    expect(await openIfSafe(value, (u) => void opened.push(u))).toBeNull();
    expect(opened).toEqual([]);
  });

  const accepted: Array<[string, string]> = [
    ['https://attack.mitre.org/techniques/T0800/', 'https://attack.mitre.org/techniques/T0800/'],
    ['http://example.com', 'http://example.com/'],
    ['HTTP://EXAMPLE.com/Path', 'http://example.com/Path'],
    ['  https://example.com/a?b=c#d  ', 'https://example.com/a?b=c#d'],
    ['https://xn--nxasmq6b.example/', 'https://xn--nxasmq6b.example/'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
  ];
  it.each(accepted)('opens %s as %s', async (value, normalised) => {
    const opened: string[] = [];
    expect(await openIfSafe(value, (u) => void opened.push(u))).toBe(normalised);
    expect(opened).toEqual([normalised]);
  });
});
